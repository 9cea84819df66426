#include "host/python_runtime.hpp"

#include "host/host_error.hpp"

namespace dbt_session::host {

PythonRuntime::PythonRuntime(const std::string& python,
                             const std::vector<std::string>& extra_paths) {
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.parse_argv = 0;  // argv belongs to dbt-session and dbt, not to CPython
  const PyStatus status = PyConfig_SetBytesString(&config, &config.executable, python.c_str());
  if (PyStatus_Exception(status)) {
    PyConfig_Clear(&config);
    throw HostError("cannot configure Python for " + python);
  }
  const char* argv[] = {"dbt-session"};
  try {
    interpreter_ =
        std::make_unique<pybind11::scoped_interpreter>(&config, 1, argv,
                                                       /*add_program_dir_to_path=*/false);
  } catch (const std::exception& error) {
    throw HostError("cannot start Python " + python + ": " + error.what());
  }
  // pybind11 makes its internals on first use and records the state of the thread doing so.
  // On a thread Python does not know (the signal watcher's), that state is a temporary one
  // PyGILState_Ensure makes and frees again at once, and that thread's next
  // gil_scoped_acquire resumes the freed state: a signal in the first seconds, before any
  // pybind11 call on the main thread, crashed the process (SIGSEGV). Made here, on the main
  // thread, whose state lives as long as the interpreter.
  { const pybind11::gil_scoped_acquire make_internals_on_the_main_thread; }
  const auto sys_path = pybind11::module_::import("sys").attr("path");
  for (const auto& path : extra_paths) sys_path.attr("append")(path);
}

PythonRuntime::~PythonRuntime() = default;  // finalizes; Py_FinalizeEx joins non-daemon threads

}  // namespace dbt_session::host
