#include "host/storage_root.hpp"

#include "host/host_error.hpp"

namespace dbt_session::host {
namespace {

fs::path home_relative(const std::optional<std::string>& home, const char* relative) {
  if (!home || home->empty())
    throw HostError("HOME is not set: pass --warehouse or set DBT_SESSION_HOME");
  return fs::path(*home) / relative;
}

}  // namespace

fs::path default_storage_root(const std::optional<std::string>& dbt_session_home,
                              const std::optional<std::string>& xdg_data_home,
                              const std::optional<std::string>& home) {
  if (dbt_session_home && !dbt_session_home->empty()) return *dbt_session_home;
  if (xdg_data_home && !xdg_data_home->empty()) return fs::path(*xdg_data_home) / "dbt-session";
  return home_relative(home, ".local/share/dbt-session");
}

}  // namespace dbt_session::host
