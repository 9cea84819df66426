#include "host/host_entry.hpp"

#include <pybind11/pybind11.h>

#include <spdlog/spdlog.h>
#include <cstdlib>

#include "host/application.hpp"
#include "host/command_line.hpp"
#include "host/early_signals.hpp"
#include "host/host_error.hpp"
#include "host/logging.hpp"

namespace dbt_session::host {

int run_host(const std::vector<std::string>& args) {
  end_on_signal_until_watched();  // again: a Python started by exec has its own SIGINT handler
  setup_logging();
  try {
    const auto command = parse_command_line(args);
    set_log_level(
        console_log_level(command, std::getenv("DBT_LOG_LEVEL"), std::getenv("DBT_QUIET")));
    return run_application(command);
  } catch (pybind11::error_already_set& error) {
    // Reported while the interpreter is still alive (the error holds Python objects).
    spdlog::error("{}", error.what());
    return 2;
  } catch (const HostError& error) {
    spdlog::error("{}", error.what());
    return 2;
  } catch (const std::exception& error) {
    spdlog::error("internal error: {}", error.what());
    return 2;
  }
}

}  // namespace dbt_session::host
