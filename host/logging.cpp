#include "host/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "host/host_error.hpp"

namespace dbt_session::host {

void setup_logging() {
  if (spdlog::get("dbt-session")) return;  // a second run in the same interpreter
  auto logger = spdlog::stderr_color_mt("dbt-session");
  logger->set_pattern("%H:%M:%S  dbt-session: %^%v%$");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::info);
}

void set_log_level(const std::string& level) {
  const auto parsed = spdlog::level::from_str(level);
  // from_str answers `off` for anything it does not know; only "off" may mean off.
  if (parsed == spdlog::level::off && level != "off") {
    throw HostError("--log-level '" + level + "' is not one of: debug, info, warn, error, off");
  }
  spdlog::set_level(parsed);
}

}  // namespace dbt_session::host
