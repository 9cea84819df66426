#include "host/python_runtime.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "host/host_error.hpp"

namespace dbt_session::host {

PythonRuntime::PythonRuntime(const Venv& venv, const fs::path& adapter_dir) {
  require_python(venv, PY_MAJOR_VERSION, PY_MINOR_VERSION);
  // Spark starts Python workers with $PYSPARK_PYTHON; without it they could start this
  // binary (sys.executable) instead of a Python.
  setenv("PYSPARK_PYTHON", venv.python.c_str(), /*overwrite=*/0);
  // pandas-on-Spark (imported by dbt-databricks' Python-model code) asks for this with
  // pyarrow >= 2, on the driver and the workers alike.
  setenv("PYARROW_IGNORE_TIMEZONE", "1", /*overwrite=*/0);

  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.parse_argv = 0;  // argv belongs to dbt-session and dbt, not to CPython
  const PyStatus status = PyConfig_SetBytesString(&config, &config.executable, venv.python.c_str());
  if (PyStatus_Exception(status)) {
    PyConfig_Clear(&config);
    throw HostError("cannot configure Python for " + venv.python.string());
  }
  const char* argv[] = {"dbt-session"};
  try {
    interpreter_ = std::make_unique<pybind11::scoped_interpreter>(&config, 1, argv,
                                                                  /*add_program_dir_to_path=*/false);
  } catch (const std::exception& error) {
    throw HostError(std::string("cannot start Python from ") + venv.root.string() + ": " + error.what());
  }
  // The adapter package of this checkout, for a venv that does not have dbt-session
  // installed (appended, so an installed copy wins).
  if (fs::is_directory(adapter_dir)) {
    pybind11::module_::import("sys").attr("path").attr("append")(adapter_dir.string());
  }
  spdlog::debug("Python {} from {}", venv.version, venv.root.string());
}

PythonRuntime::~PythonRuntime() = default;  // finalizes; Py_FinalizeEx joins non-daemon threads

}  // namespace dbt_session::host
