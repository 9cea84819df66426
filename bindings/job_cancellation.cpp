#include "bindings/job_cancellation.hpp"

#include <pybind11/pybind11.h>

#include <set>

#include "bindings/error_translation.hpp"
#include "bindings/job_labels.hpp"
#include "bindings/session_source.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {
namespace {

// Invocations whose jobs were cancelled. Read and written with the GIL held (every caller
// holds it); heap-held and never destroyed, like SessionSource's session.
std::set<std::string>& cancelled_invocations() {
  static auto* invocations = new std::set<std::string>();
  return *invocations;
}

}  // namespace

void refuse_if_cancelled(const std::string& node) {
  // Nothing was cancelled in nearly every call: dbt's invocation id is not asked for then.
  if (cancelled_invocations().empty()) return;
  if (cancelled_invocations().count(current_invocation_id()) != 0) {
    raise_dbt_error("DbtRuntimeError", "dbt-session: the run was interrupted; " +
                                           (node.empty() ? std::string("this") : node) +
                                           " starts no new Spark work");
  }
}

bool cancel_invocation_jobs() {
  const std::string invocation = current_invocation_id();
  cancelled_invocations().insert(invocation);
  SessionSource& source = SessionSource::instance();
  if (!source.has_session()) return false;
  const py::object root = source.root();
  const std::string tag = invocation_tag(invocation);
  // Spark Connect tags are scoped to a server session: interrupt the tag in the root and in
  // every session state the run made (bindings/session_state.cpp retains them all).
  if (is_spark_connect(root)) {
    root.attr("interruptTag")(tag);
    for (const py::object& state : connect_states()) {
      try {
        state.attr("interruptTag")(tag);
      } catch (py::error_already_set&) {
        // A state whose server session was already released has nothing running.
      }
    }
  } else {
    root.attr("sparkContext").attr("cancelJobsWithTag")(tag);
  }
  return true;
}

}  // namespace dbt_session::bindings
