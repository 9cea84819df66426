#pragma once
// Where a session the host creates keeps what must outlive the run: the warehouse, the
// embedded Derby metastore (and derby.log) and the driver's log4j2 file, all under one root so
// the next invocation sees this one's tables. --warehouse names the root; without it the
// default below, outside every dbt project (one metastore per user, not per checkout).
#include <filesystem>
#include <optional>
#include <string>

namespace dbt_session::host {

namespace fs = std::filesystem;

// $DBT_SESSION_HOME, else $XDG_DATA_HOME/dbt-session, else ~/.local/share/dbt-session; an
// empty variable counts as unset. HostError saying what to set when none is.
fs::path default_storage_root(const std::optional<std::string>& dbt_session_home,
                              const std::optional<std::string>& xdg_data_home,
                              const std::optional<std::string>& home);

}  // namespace dbt_session::host
