#pragma once
// One run of dbt-session inside a running interpreter: report versions (returns 0), or install
// the session source, run dbt and end the process with dbt's exit code (host/process_end).
#include "host/command_line.hpp"

namespace dbt_session::host {

int run_application(const CommandLine& command);

}  // namespace dbt_session::host
