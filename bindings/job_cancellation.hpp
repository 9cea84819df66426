#pragma once
// Cancelling one dbt invocation's Spark work when the run is interrupted. Its running jobs are
// cancelled by the invocation's job tag (bindings/job_labels.hpp), so other work on an attached
// session goes on; the invocation is also marked cancelled, because dbt may still start
// statements and Python models after the interrupt (threads that had not yet noticed it), and
// those must start no new Spark work.
#include <string>

namespace dbt_session::bindings {

// Raises DbtRuntimeError when the current dbt invocation was cancelled: no new work starts.
// `node` names the refused work in the message ("this" when empty).
void refuse_if_cancelled(const std::string& node);

// Cancels every running Spark job of the current dbt invocation (and refuses its later
// statements). Needs the GIL. Returns false when no session was started (nothing to cancel).
bool cancel_invocation_jobs();

}  // namespace dbt_session::bindings
