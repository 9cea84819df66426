// The dbt_session_native extension module: the bindings (bindings/module), the created
// session's settings (host/settings_binding) and the host's run, for the launcher's two ways of
// giving the run a Python (host/python_hosting).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings/module.hpp"
#include "host/embedded_entry.hpp"
#include "host/host_entry.hpp"
#include "host/python_runtime.hpp"
#include "host/settings_binding.hpp"

namespace host = dbt_session::host;

PYBIND11_MODULE(dbt_session_native, module) {
  dbt_session::bindings::define_module(module);
  host::define_settings_binding(module);
  module.def("run_host", &host::run_host, pybind11::arg("args"),
             "Runs dbt-session with these arguments in this interpreter and ends the process with "
             "dbt's exit code (returns it for --version and host errors).");
}

extern "C" __attribute__((visibility("default"))) int dbt_session_run_embedded(
    const char* python, int path_count, const char* const* paths, int arg_count,
    const char* const* args) {
  // This loaded copy answers `import dbt_session_native`, never a second one from sys.path.
  PyImport_AppendInittab("dbt_session_native", &PyInit_dbt_session_native);
  const host::PythonRuntime runtime(python, std::vector<std::string>(paths, paths + path_count));
  return host::run_host(std::vector<std::string>(args, args + arg_count));
}
