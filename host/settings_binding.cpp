#include "host/settings_binding.hpp"

#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/command_line.hpp"
#include "host/delta_jar_cache.hpp"
#include "host/driver_log_config.hpp"
#include "host/spark_settings.hpp"
#include "host/storage_root.hpp"

namespace dbt_session::host {
namespace py = pybind11;
namespace {

using Conf = std::vector<std::pair<std::string, std::string>>;

SparkSettings created_session(const std::string& storage_root,
                              const std::optional<std::string>& master,
                              const std::vector<std::string>& jars, const Conf& conf,
                              const std::optional<std::string>& spark_local_ip) {
  HostOptions options;
  options.master = master;
  options.spark_conf = conf;
  return spark_settings(options, storage_root, std::vector<fs::path>(jars.begin(), jars.end()),
                        spark_local_ip);
}

std::vector<std::string> delta_jar_paths(const std::string& folder) {
  std::vector<std::string> paths;
  for (const auto& jar : delta_jars(folder)) paths.push_back(jar.string());
  return paths;
}

}  // namespace

void define_settings_binding(py::module_& module) {
  py::class_<SparkSettings>(module, "CreatedSession",
                            "The master, conf (in order, later wins) and SPARK_LOCAL_IP of a "
                            "session the host creates.")
      .def_readonly("master", &SparkSettings::master)
      .def_readonly("conf", &SparkSettings::conf)
      .def_readonly("spark_local_ip", &SparkSettings::spark_local_ip);
  module.def("created_session", &created_session, py::arg("storage_root"),
             py::arg("master") = py::none(), py::arg("jars") = std::vector<std::string>{},
             py::arg("conf") = Conf{}, py::arg("spark_local_ip") = py::none(),
             "The settings of the session `dbt-session --master M --warehouse ROOT --conf k=v` "
             "creates (host/spark_settings.hpp); `conf` is applied last, as --conf is.");
  module.def("delta_jars", &delta_jar_paths, py::arg("folder"),
             "The folder's jars, sorted; RuntimeError naming the folder without Delta's own jar.");
  module.def(
      "prepare_storage_root",
      [](const std::string& storage_root) {
        prepare_storage_root(storage_root, fs::path(storage_root) / kDriverLogFile);
      },
      py::arg("storage_root"),
      "Writes the driver's log4j2 file and clears a killed driver's folders from the "
      "scratch folder (java.io.tmpdir) that created_session's Java options name; as the "
      "host, only for a root no other driver uses.");
}

}  // namespace dbt_session::host
