// dbt-session: dbt-databricks on one SparkSession, in one process.
// This executable only finds the environment's Python and hands it the run (host/launcher);
// errors before that are reported here as dbt's exit code 2, errors of the run by host_entry.
#include <spdlog/spdlog.h>

#include "host/early_signals.hpp"
#include "host/host_error.hpp"
#include "host/launcher.hpp"
#include "host/logging.hpp"

namespace host = dbt_session::host;

int main(int argc, char** argv) {
  host::end_on_signal_until_watched();
  host::setup_logging();
  try {
    return host::launch(
        std::vector<std::string>(argv + 1, argv + argc),
        {DBT_SESSION_DEFAULT_VENV, {DBT_SESSION_ADAPTER_PY, DBT_SESSION_MODULE_DIR}});
  } catch (const host::HostError& error) {
    spdlog::error("{}", error.what());
    return 2;
  } catch (const std::exception& error) {
    spdlog::error("internal error: {}", error.what());
    return 2;
  }
}
