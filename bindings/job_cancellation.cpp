#include "bindings/job_cancellation.hpp"

#include <pybind11/pybind11.h>

#include <map>
#include <set>

#include "bindings/error_translation.hpp"
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

bool cancel_tagged_jobs_of(const std::set<std::string>& invocation_ids) {
  SessionSource& source = SessionSource::instance();
  if (!source.has_session()) return false;
  const py::object root = source.root();
  const bool connect = is_spark_connect(root);
  for (const std::string& invocation_id : invocation_ids) {
    const std::string tag = invocation_tag(invocation_id);
    // Spark Connect tags are scoped to a server session: interrupt the tag in the root and in
    // every session state the run made (bindings/session_state.cpp retains them all).
    if (!connect) {
      root.attr("sparkContext").attr("cancelJobsWithTag")(tag);
      continue;
    }
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
  return true;
}

// A lost driver has no jobs left to cancel.
bool cancel_tagged_jobs(const std::set<std::string>& invocation_ids) {
  try {
    return cancel_tagged_jobs_of(invocation_ids);
  } catch (py::error_already_set& error) {
    if (!is_driver_loss(error)) throw;
    give_up_connect_retries();  // a Spark Connect server that is gone: its calls end now
    return false;
  }
}

}  // namespace

void admit_work(const JobLabel& label) {
  Invocations& known = invocations();
  const std::string node = label.node.empty() ? std::string("this") : label.node;
  if (known.all_cancelled) {
    raise_dbt_error("DbtRuntimeError",
                    "dbt-session: the run was interrupted; " + node + " starts no new Spark work");
  }
  const auto cancelled = known.cancelled.find(label.invocation_id);
  if (cancelled != known.cancelled.end() &&
      (cancelled->second.empty() || cancelled->second != label.node)) {
    raise_dbt_error("DbtRuntimeError",
                    "dbt-session: dbt cancelled the run's work (--fail-fast "
                    "after a failure, or an interrupt); " +
                        node + " starts no new Spark work");
  }
  known.admitted.insert(label.invocation_id);
}

bool cancel_invocation_jobs(const std::string& invocation_id, const std::string& caller) {
  // A second cancel from another connection keeps neither working.
  const auto [entry, first] = invocations().cancelled.emplace(invocation_id, caller);
  if (!first && entry->second != caller) entry->second.clear();
  return cancel_tagged_jobs({invocation_id});
}

bool cancel_all_jobs() {
  Invocations& known = invocations();
  known.all_cancelled = true;  // admits nothing more: the copy below is the whole list
  const std::set<std::string> admitted = known.admitted;
  return cancel_tagged_jobs(admitted);
}

}  // namespace dbt_session::bindings
