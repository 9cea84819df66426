#include "host/environment_check.hpp"

#include <pybind11/pybind11.h>

#include <string>

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace py = pybind11;

void require_installed_packages() {
  const auto find_spec = py::module_::import("importlib.util").attr("find_spec");
  const auto installed = [&](const char* module) {
    try {
      return !find_spec(module).is_none();
    } catch (py::error_already_set&) {  // a parent package is missing
      return false;
    }
  };
  const auto sys = py::module_::import("sys");
  const std::string prefix = sys.attr("prefix").cast<std::string>();
  const std::string tag =
      "cp3" + py::str(sys.attr("version_info").attr("minor")).cast<std::string>();
  const std::string wheel =
      "dbt_session-<version>-" + tag + "-" + tag + "-manylinux_<glibc>_x86_64.whl";
  const std::string pip = "`" + prefix + "/bin/python -m pip install";
  if (!installed("dbt.adapters.databricks")) {
    throw HostError("dbt-databricks is not installed in the Python environment " + prefix +
                    ": install the dbt-session wheel there (" + pip + " " + wheel +
                    "`), which brings dbt-core and dbt-databricks");
  }
  if (!installed("pyspark")) {
    throw HostError("pyspark is not installed in the Python environment " + prefix +
                    ". On a local machine install the [local] extra (" + pip + " '" + wheel +
                    "[local]'`); on Databricks the runtime's Python (/databricks/python3) "
                    "has it: install dbt-session into that Python");
  }
}

}  // namespace dbt_session::host
