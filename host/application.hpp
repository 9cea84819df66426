#pragma once
// One run of dbt-session inside a running interpreter: report versions, or install the
// session source and run dbt. Returns dbt's exit code.
#include "host/command_line.hpp"

namespace dbt_session::host {

int run_application(const CommandLine& command);

}  // namespace dbt_session::host
