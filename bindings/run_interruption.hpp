#pragma once
// What an interrupt (Ctrl-C, SIGTERM) must reach, beyond the Spark jobs running at that moment:
//   - statements still being analysed or planned: Spark starts their job only afterwards, so
//     one cancelJobsWithTag finds nothing and the job then runs to its end. The host (after a
//     signal) and dbt's cancel (bindings/job_cancellation.hpp) keep cancelling while any
//     statement counted here is in flight; the statement's own check refuses work once it is
//     cancelled.
//   - Python models running pure Python on dbt's worker threads: a KeyboardInterrupt from
//     PyErr_SetInterrupt only reaches the main thread, so each such thread gets one of its
//     own (PyThreadState_SetAsyncExc, raised at its next bytecode).
//   - non-daemon threads a Python model started and left running: interpreter finalization
//     joins them (threading._shutdown), so the host must end the process without waiting
//     for them, and say which model left them.
//   - dbt's own account of the interrupt: its main thread prints "CANCEL query <node>" for each
//     connection still open when it cancels them (dbt-core's _cancel_connections), and
//     dbt-databricks' release() removes a worker's connection when its node fails. A statement
//     the interrupt made fail on a worker therefore waits, briefly, until dbt has cancelled the
//     open connections; otherwise its node would drop out of dbt's CANCEL lines.
#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings/job_labels.hpp"

namespace dbt_session::bindings {

namespace py = pybind11;

// Counts a statement (or Python model) of the run, labelled with its invocation and node, as
// in flight for its lifetime. One that ends by an exception after the run was interrupted, on
// a thread other than Python's main thread, waits (GIL released, at most a few seconds) until
// dbt has cancelled the open connections.
class StatementInFlight {
 public:
  explicit StatementInFlight(const JobLabel& label);
  ~StatementInFlight();
  StatementInFlight(const StatementInFlight&) = delete;
  StatementInFlight& operator=(const StatementInFlight&) = delete;

 private:
  JobLabel label_;
  int exceptions_at_start_;
};

// The host's first reaction to SIGINT/SIGTERM calls this before cancelling anything.
void note_run_interrupted();

// Whether note_run_interrupted() was called; readable without the GIL.
bool run_was_interrupted();

// dbt's main thread has cancelled the open connections (the connection manager's cancel_open).
void note_connections_cancelled();

// Statements in flight now; readable without the GIL.
int statements_in_flight();

// The labels of `invocation_id`'s statements in flight now, one per statement.
std::vector<JobLabel> statements_in_flight_of(const std::string& invocation_id);

// Marks the calling thread as running the Python code of `model` (its label's node) for its
// lifetime. GIL held.
class ModelThread {
 public:
  explicit ModelThread(JobLabel model);
  ~ModelThread();
  ModelThread(const ModelThread&) = delete;
  ModelThread& operator=(const ModelThread&) = delete;

 private:
  unsigned long ident_;
};

// Raises KeyboardInterrupt in every thread running a Python model (at its next bytecode);
// returns how many there are. GIL held.
int interrupt_model_threads();

// Raises `exception_type` (an Exception class: dbt's thread pool lets a KeyboardInterrupt
// escape its worker) in the thread running `model`'s Python code, if one is, at its next
// bytecode. GIL held.
void stop_model_thread(const JobLabel& model, PyObject* exception_type);

// The models (model.<package>.<name>) whose Python code is running now. GIL held.
std::vector<std::string> running_python_models();

// The model whose Python code this thread is running, if any. GIL held.
std::optional<std::string> python_model_on_this_thread();

// The threads alive now that `before` (threading.enumerate() taken before the model ran) did
// not hold: the model started them and left them running. GIL held.
py::list new_threads(const py::list& before);

// Remembers the non-daemon ones of threads a model left running, for
// lingering_model_threads(). (A thread started on dbt's worker is a daemon unless made
// otherwise: Thread inherits its creator's daemon flag.) GIL held.
void record_model_threads(const std::string& model, const py::list& threads);

// "model.p.m (thread 'name')" for each recorded thread still alive. GIL held.
std::vector<std::string> lingering_model_threads();

}  // namespace dbt_session::bindings
