#pragma once
// Cancelling dbt invocations' Spark work when a run is interrupted or stops at its first
// failure (--fail-fast). Running jobs are cancelled by the invocation's job tag
// (bindings/job_labels.hpp), so other work on an attached session goes on; the invocation is
// also marked cancelled, because dbt may still start statements and Python models after the
// cancel (threads that had not yet noticed it), and those must start no new Spark work.
//   - cancel_invocation_jobs: one invocation (dbt's cancel_open, through the adapter, which
//     knows dbt's invocation id). The connection dbt cancels from keeps working, as dbt-core's
//     SQLConnectionManager.cancel_open leaves it open: after --fail-fast's cancel dbt runs the
//     on-run-end hooks on it (RunnableTask.execute_with_hooks). Its statements still being
//     analysed or planned start their job after the first cancel, and its Python models run
//     Python code no job cancel reaches (bindings/run_interruption.hpp): a thread of its own
//     cancels their jobs again and stops the models' code until none is in flight, so that
//     dbt's cancel_open returns at once (dbt then prints its CANCEL lines and waits for its
//     workers);
//   - cancel_all_jobs: the host's reaction to a signal. The process ends after it, so every
//     invocation's work is refused, even one whose first statement has not come yet (a
//     signal while dbt parses).
#include <optional>
#include <string>

#include "bindings/job_labels.hpp"

namespace dbt_session::bindings {

// Admits new Spark work for `label`: raises DbtRuntimeError, naming the node ("this" when
// empty), when its invocation or every invocation was cancelled; otherwise remembers the
// invocation, so that cancel_all_jobs reaches its jobs. Needs the GIL.
void admit_work(const JobLabel& label);

// Why `label`'s work is refused ("dbt-session: the run was interrupted", ...), if it is. GIL.
std::optional<std::string> cancellation_of(const JobLabel& label);

// The exception a cancel raises in a Python model's code (an Exception, so that dbt's worker
// thread reports it): the model turns it into dbt's error, with cancellation_of's reason.
PyObject* model_cancelled_type();

// Cancels every running Spark job of `invocation_id` and refuses its later work, except the
// work of the node or connection named `caller` (dbt's "master"; empty: none). Needs the GIL.
// Returns false when no session was started, or its driver is gone (nothing to cancel).
bool cancel_invocation_jobs(const std::string& invocation_id, const std::string& caller = "");

// Cancels the running Spark jobs of one node (`label`: classic Spark, its job group; Spark
// Connect, its node tag) and stops its Python model's code (model_cancelled_type); its later
// work is still admitted. Needs the GIL. Returns false when no session was started, or its
// driver is gone.
bool stop_node(const JobLabel& label);

// Cancels the running Spark jobs of every invocation admitted so far and refuses all later
// work. Needs the GIL. Returns false when no session was started, or its driver is gone.
bool cancel_all_jobs();

}  // namespace dbt_session::bindings
