#include "host/delta_jar_cache.hpp"

#include <pybind11/pybind11.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace py = pybind11;
namespace {

// Delta's own jar, as opposed to delta-storage or dbt-session's catalog alias jar (make jars)
// that share its folder.
bool is_delta_spark_jar(const fs::path& path) {
  return path.filename().string().rfind("delta-spark", 0) == 0 && path.extension() == ".jar";
}

// The cache folder of the installed pyspark/delta-spark's Spark line, as
// dbt_session.delta_jars.installed_folder() names it. Its UnsupportedSpark becomes a HostError.
fs::path installed_jar_folder() {
  try {
    const auto delta_jars_module = py::module_::import("dbt_session.delta_jars");
    return py::str(delta_jars_module.attr("installed_folder")()).cast<std::string>();
  } catch (py::error_already_set& error) {
    if (!error.matches(PyExc_RuntimeError)) throw;
    throw HostError(py::str(error.value()).cast<std::string>());
  }
}

}  // namespace

bool has_delta_spark_jar(const fs::path& folder) {
  if (!fs::is_directory(folder)) return false;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (is_delta_spark_jar(entry.path())) return true;
  }
  return false;
}

std::vector<fs::path> delta_jars(const fs::path& folder) {
  std::vector<fs::path> jars;
  if (fs::is_directory(folder)) {
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.path().extension() == ".jar") jars.push_back(entry.path());
    }
  }
  // Checked on the listing just made rather than by listing the folder again.
  if (std::none_of(jars.begin(), jars.end(), is_delta_spark_jar)) {
    throw HostError("Delta Lake jars are not in " + folder.string() +
                    ": run `make jars` (or python -m dbt_session.delta_jars in the virtualenv)");
  }
  std::sort(jars.begin(), jars.end());
  return jars;
}

// dbt_session.delta_jars does the download, as `make jars` does.
std::vector<fs::path> cached_or_fetched_delta_jars() {
  const fs::path folder = installed_jar_folder();
  if (!has_delta_spark_jar(folder)) {
    spdlog::info("Delta Lake jars are not in {}: downloading them once from Maven Central",
                 folder.string());
    try {
      py::module_::import("dbt_session.delta_jars").attr("fetch_installed")(folder.string());
    } catch (py::error_already_set& error) {
      throw HostError(py::str(error.value()).cast<std::string>());
    }
  }
  return delta_jars(folder);
}

}  // namespace dbt_session::host
