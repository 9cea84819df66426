#include "host/version_report.hpp"

#include <pybind11/pybind11.h>

namespace dbt_session::host {
namespace py = pybind11;

std::string version_report() {
  const auto metadata = py::module_::import("importlib.metadata");
  const auto sys = py::module_::import("sys");
  std::string report = "dbt-session " DBT_SESSION_VERSION "\n";
  report += "Python " + sys.attr("version").attr("split")().cast<py::list>()[0].cast<std::string>() +
            " (" + sys.attr("prefix").cast<std::string>() + ")\n";
  for (const char* package : {"pyspark", "delta-spark", "dbt-core", "dbt-databricks"}) {
    std::string version = "not installed";
    try {
      version = metadata.attr("version")(package).cast<std::string>();
    } catch (py::error_already_set& error) {
      if (!error.matches(metadata.attr("PackageNotFoundError"))) throw;
    }
    report += std::string(package) + " " + version + "\n";
  }
  return report;
}

}  // namespace dbt_session::host
