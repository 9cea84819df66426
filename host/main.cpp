// dbt-session: dbt-databricks on one SparkSession, in one process.
// main is the boundary where every error becomes dbt's exit code (2 for errors).
#include <spdlog/spdlog.h>

#include <iostream>

#include "host/application.hpp"
#include "host/command_line.hpp"
#include "host/host_error.hpp"
#include "host/logging.hpp"
#include "host/python_runtime.hpp"
#include "host/venv.hpp"

namespace host = dbt_session::host;

namespace {

std::optional<host::fs::path> env_path(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? std::optional<host::fs::path>(value) : std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  host::setup_logging();
  try {
    const auto command = host::parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    if (command.host.show_help) {
      std::cout << host::usage();
      return 0;
    }
    host::set_log_level(command.host.log_level);
    const auto venv = host::find_venv({command.host.venv, env_path("VIRTUAL_ENV"),
                                       host::fs::canonical("/proc/self/exe"), DBT_SESSION_DEFAULT_VENV});
    host::PythonRuntime python(venv, DBT_SESSION_ADAPTER_PY);
    try {
      return host::run_application(command);
    } catch (pybind11::error_already_set& error) {
      // Reported while the interpreter is still alive (the error holds Python objects).
      spdlog::error("{}", error.what());
      return 2;
    }
  } catch (const host::HostError& error) {
    spdlog::error("{}", error.what());
    return 2;
  } catch (const std::exception& error) {
    spdlog::error("internal error: {}", error.what());
    return 2;
  }
}
