#pragma once
#include <string>

namespace dbt_session::host {

// Host messages go to stderr, prefixed "dbt-session:", so dbt's stdout stays dbt's.
void setup_logging();

// HostError for a level spdlog does not know.
void set_log_level(const std::string& level);

}  // namespace dbt_session::host
