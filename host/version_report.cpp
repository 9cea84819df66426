#include "host/version_report.hpp"

#include <pybind11/pybind11.h>

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace py = pybind11;
namespace {

// Calls dbt_session.spark_line.<function>(); its UnsupportedSpark becomes a HostError.
py::object spark_line(const char* function) {
  const auto module = py::module_::import("dbt_session.spark_line");
  try {
    return module.attr(function)();
  } catch (py::error_already_set& error) {
    if (!error.matches(module.attr("UnsupportedSpark"))) throw;
    throw HostError(py::str(error.value()).cast<std::string>());
  }
}

}  // namespace

std::string version_report() {
  const auto installed_version =
      py::module_::import("dbt_session.spark_line").attr("installed_version");
  const auto sys = py::module_::import("sys");
  std::string report = "dbt-session " DBT_SESSION_VERSION "\n";
  report += "Python " +
            sys.attr("version").attr("split")().cast<py::list>()[0].cast<std::string>() + " (" +
            sys.attr("prefix").cast<std::string>() + ")\n";
  for (const char* package : {"pyspark", "delta-spark", "dbt-core", "dbt-databricks"}) {
    const py::object version = installed_version(package);
    report += std::string(package) + " " +
              (version.is_none() ? "not installed" : version.cast<std::string>()) + "\n";
  }
  return report + spark_line("describe").cast<std::string>() + "\n";
}

void require_supported_pyspark() {
  spark_line("require_installed_supported");
}

}  // namespace dbt_session::host
