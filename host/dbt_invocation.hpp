#pragma once
// Runs dbt's CLI in this process with the session plugin installed, and maps its result to
// dbt's exit codes. dbtRunner.invoke catches BaseException, so the mapping is ours.
#include <string>
#include <vector>

namespace dbt_session::host {

enum class DbtOutcome { kSuccess, kFailure, kError, kInterrupted };

// 0 success, 1 a model or test failed, 2 dbt could not run (profile, flags, ...), 130 interrupted.
int exit_code_for(DbtOutcome outcome);

// Needs a running interpreter.
DbtOutcome invoke_dbt(const std::vector<std::string>& args);

}  // namespace dbt_session::host
