#include "host/environment_check.hpp"

#include <pybind11/pybind11.h>

#include <string>

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace py = pybind11;

void require_dbt_databricks() {
  try {
    if (!py::module_::import("importlib.util")
             .attr("find_spec")("dbt.adapters.databricks")
             .is_none())
      return;
  } catch (py::error_already_set& error) {
    // find_spec imports the parents: `dbt` itself is missing. An interrupt is not that.
    if (error.matches(PyExc_KeyboardInterrupt)) throw;
  }
  const auto sys = py::module_::import("sys");
  const std::string prefix = sys.attr("prefix").cast<std::string>();
  const std::string tag =
      "cp3" + py::str(sys.attr("version_info").attr("minor")).cast<std::string>();
  throw HostError("dbt-databricks is not installed in the Python environment " + prefix +
                  ": install the dbt-session wheel there (`" + prefix +
                  "/bin/python -m pip install dbt_session-<version>-" + tag + "-" + tag +
                  "-manylinux_<glibc>_x86_64.whl`), which brings dbt-core and dbt-databricks");
}

}  // namespace dbt_session::host
