#pragma once
// The run of dbt-session inside a live interpreter (embedded by the launcher, or the
// environment's python started by it): parse the host options, run, and report every error
// as dbt's exit code 2. The second of the host's two error boundaries (the first: main).
#include <string>
#include <vector>

namespace dbt_session::host {

// `args` without the program name; needs the GIL. A run of dbt ends the process with dbt's exit
// code (host/application); --version and a host error return theirs.
int run_host(const std::vector<std::string>& args);

}  // namespace dbt_session::host
