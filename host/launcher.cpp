#include "host/launcher.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

#include "host/command_line.hpp"
#include "host/environment_variable.hpp"
#include "host/logging.hpp"

namespace dbt_session::host {
namespace {

// Read by the run's Python and by Spark's Python workers, so set before the interpreter starts.
void prepare_environment(const Venv& venv) {
  // Spark starts Python workers with $PYSPARK_PYTHON; without it they could start this
  // binary (sys.executable) instead of a Python.
  setenv("PYSPARK_PYTHON", venv.python.c_str(), /*overwrite=*/0);
  // pandas-on-Spark (imported by dbt-databricks' Python-model code) asks for this with
  // pyarrow >= 2, on the driver and the workers alike.
  setenv("PYARROW_IGNORE_TIMEZONE", "1", /*overwrite=*/0);
}

}  // namespace

int launch(const std::vector<std::string>& args, const LaunchDefaults& defaults) {
  const auto command = parse_command_line(args);
  if (command.host.show_help) {
    std::cout << usage();
    return 0;
  }
  set_log_level(console_log_level(command, std::getenv("DBT_LOG_LEVEL"), std::getenv("DBT_QUIET")));
  const auto venv = find_venv({command.host.venv, environment_variable("VIRTUAL_ENV"),
                               fs::canonical("/proc/self/exe"), defaults.default_venv});
  require_python(venv, 3, DBT_SESSION_PYTHON_MINOR);
  prepare_environment(venv);
  const auto libpython = find_shared_libpython(venv, DBT_SESSION_PYTHON_MINOR);
  const auto module = find_native_module(venv, defaults.checkout, DBT_SESSION_MODULE_FILE);
  if (choose_hosting(std::getenv("DBT_SESSION_HOSTING"), libpython, module) == Hosting::kEmbedded) {
    return run_embedded(*libpython, *module, venv, defaults.checkout, args);
  }
  exec_python(venv, defaults.checkout, args);
}

}  // namespace dbt_session::host
