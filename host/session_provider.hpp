#pragma once
// What every session strategy (create, attach, connect) implements: a way of obtaining the
// run's SparkSession. The session is obtained lazily, when a dbt connection first needs it
// or, for a command that always queries, while dbt parses the project (on a thread of its
// own: bindings::SessionSource::start_early), so commands that open none (deps, parse, ls)
// never start or reach Spark. A provider
// releases what it obtained when destroyed, and only that: a created session is stopped, an
// attached one never is. Only the interface lives here, so the strategies that implement it
// include nothing that knows about the others (host/session_provider_factory.hpp builds one).
#include <pybind11/pybind11.h>

namespace dbt_session::host {

class SessionProvider {
 public:
  virtual ~SessionProvider() = default;
  // Checks, before dbt starts, what can be checked cheaply (an address answers, a secret is
  // accepted), so bad input fails in seconds rather than after dbt has parsed the project.
  virtual void preflight() {}
  virtual pybind11::object acquire() = 0;
  // A signal came (called on the signal watcher's thread, without the GIL): a start in
  // progress must end now and none may begin. True while one is still in progress.
  virtual bool interrupt_start() { return false; }
};

}  // namespace dbt_session::host
