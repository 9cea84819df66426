#include "bindings/job_cancellation.hpp"

#include <pybind11/pybind11.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "bindings/error_translation.hpp"
#include "bindings/python_thread.hpp"
#include "bindings/run_interruption.hpp"
#include "bindings/session_source.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {
namespace {

namespace py = pybind11;

// What was admitted and what was cancelled. Read and written with the GIL held (every caller
// holds it); heap-held and never destroyed, like SessionSource's session.
struct Invocations {
  std::set<std::string> admitted;
  std::map<std::string, std::string> cancelled;  // invocation id -> the connection kept working
  bool all_cancelled = false;
};

Invocations& invocations() {
  static auto* known = new Invocations();
  return *known;
}

// Spark Connect tags are scoped to a server session: interrupt the tag in the root and in
// every session state the run made (bindings/session_state.cpp retains them all).
void interrupt_connect_tag(const py::object& root, const std::string& tag) {
  // Without retries: a server that stopped answering would hold the interrupt for as long
  // as the client retries; its first failure ends the cancel as a lost driver.
  without_connect_retries(root, [&] { root.attr("interruptTag")(tag); });
  for (const py::object& state : connect_states()) {
    try {
      without_connect_retries(state, [&] { state.attr("interruptTag")(tag); });
    } catch (py::error_already_set&) {
      // A state whose server session was already released has nothing running.
    }
  }
}

// Cancels the running jobs of each invocation in `invocation_ids`, or, with `nodes`, only of
// those nodes (classic Spark: their job groups; Connect: their node tags).
bool cancel_jobs_of(const std::set<std::string>& invocation_ids,
                    const std::vector<JobLabel>& nodes = {}) {
  SessionSource& source = SessionSource::instance();
  if (!source.has_session()) return false;
  const py::object root = source.root();
  const bool connect = is_spark_connect(root);
  for (const std::string& invocation_id : invocation_ids) {
    const std::string tag = invocation_tag(invocation_id);
    if (connect) {
      interrupt_connect_tag(root, tag);
    } else {
      root.attr("sparkContext").attr("cancelJobsWithTag")(tag);
    }
  }
  for (const JobLabel& node : nodes) {
    if (connect) {
      // A statement outside a node carries the invocation's tag only.
      interrupt_connect_tag(
          root, node.node.empty() ? invocation_tag(node.invocation_id) : node_tag(node.node));
    } else {
      root.attr("sparkContext").attr("cancelJobGroup")(node_job_group(node));
    }
  }
  return true;
}

// A lost driver has no jobs left to cancel.
bool cancel_jobs(const std::set<std::string>& invocation_ids,
                 const std::vector<JobLabel>& nodes = {}) {
  try {
    return cancel_jobs_of(invocation_ids, nodes);
  } catch (py::error_already_set& error) {
    if (!is_driver_loss(error)) throw;
    give_up_connect_retries();  // a Spark Connect server that is gone: its calls end now
    return false;
  }
}

// The statements of `invocation_id` in flight, except those of the connection kept working.
std::vector<JobLabel> cancelled_in_flight(const std::string& invocation_id) {
  std::vector<JobLabel> cancelled;
  for (const JobLabel& label : statements_in_flight_of(invocation_id)) {
    if (cancellation_of(label)) cancelled.push_back(label);
  }
  return cancelled;
}

// Cancels the invocation's cancelled nodes in flight by node, never by the invocation's tag:
// the connection kept working may start its own statements (on-run-end hooks) meanwhile.
void keep_cancelling(const std::string& invocation_id) {
  constexpr auto kCancelEvery = std::chrono::milliseconds(100);
  for (;;) {
    {
      const py::gil_scoped_release released;
      std::this_thread::sleep_for(kCancelEvery);
    }
    const std::vector<JobLabel> in_flight = cancelled_in_flight(invocation_id);
    if (in_flight.empty()) return;
    try {
      if (!cancel_jobs({}, in_flight)) return;
    } catch (py::error_already_set&) {
      return;  // the first cancel reported the failure to dbt; a thread has no one to tell
    }
    for (const JobLabel& label : in_flight) stop_model_thread(label, model_cancelled_type());
  }
}

}  // namespace

std::optional<std::string> cancellation_of(const JobLabel& label) {
  const Invocations& known = invocations();
  if (known.all_cancelled) return "dbt-session: the run was interrupted";
  const auto cancelled = known.cancelled.find(label.invocation_id);
  if (cancelled != known.cancelled.end() &&
      (cancelled->second.empty() || cancelled->second != label.node)) {
    return "dbt-session: dbt cancelled the run's work (--fail-fast after a failure, or an "
           "interrupt)";
  }
  return std::nullopt;
}

PyObject* model_cancelled_type() {
  static PyObject* type = PyErr_NewExceptionWithDoc(
      "dbt_session_native.ModelCancelled",
      "Raised in a Python model's code when dbt cancels the run's work.", PyExc_Exception, nullptr);
  return type;
}

void admit_work(const JobLabel& label) {
  if (const auto reason = cancellation_of(label)) {
    const std::string node = label.node.empty() ? std::string("this") : label.node;
    raise_dbt_error("DbtRuntimeError", *reason + "; " + node + " starts no new Spark work");
  }
  invocations().admitted.insert(label.invocation_id);
}

bool cancel_invocation_jobs(const std::string& invocation_id, const std::string& caller) {
  // A second cancel from another connection keeps neither working.
  const auto [entry, first] = invocations().cancelled.emplace(invocation_id, caller);
  if (!first && entry->second != caller) entry->second.clear();
  const bool cancelled = cancel_jobs({invocation_id});
  const std::vector<JobLabel> in_flight = cancelled_in_flight(invocation_id);
  for (const JobLabel& label : in_flight) stop_model_thread(label, model_cancelled_type());
  // Not a daemon: it ends once dbt's workers have, before dbt returns.
  if (cancelled && first && !in_flight.empty()) {
    start_python_thread(
        "dbt-session-cancel", [invocation_id] { keep_cancelling(invocation_id); },
        /*daemon=*/false);
  }
  return cancelled;
}

bool stop_node(const JobLabel& label) {
  stop_model_thread(label, model_cancelled_type());  // first: the cancel may raise
  return cancel_jobs({}, {label});
}

bool cancel_all_jobs() {
  Invocations& known = invocations();
  known.all_cancelled = true;  // admits nothing more: the copy below is the whole list
  const std::set<std::string> admitted = known.admitted;
  return cancel_jobs(admitted);
}

}  // namespace dbt_session::bindings
