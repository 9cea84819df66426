#pragma once
// Where every dbt connection gets its SparkSession from. The source is given either an
// existing session (attached: never stopped by us) or a factory that creates one on first
// use, so commands that never open a connection (deps, parse, ls, clean) never start a JVM,
// or earlier, while dbt parses, for the commands that always query (start_early()).
#include <pybind11/pybind11.h>

#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace dbt_session::bindings {

namespace py = pybind11;

using SessionFactory = std::function<py::object()>;

class SessionSource {
 public:
  static SessionSource& instance();

  // `origin` says how the session was obtained, for `dbt debug` (session_origin()).
  void use_session(py::object session, std::string origin = "given to dbt_session.run(spark=...)");
  // `oss_spark`: the factory creates a session off Databricks (host/session_strategy.hpp,
  // creates_oss_spark), so the profile's catalog can be checked before it runs.
  // `early`: the factory starts a JVM, worth starting while dbt parses (start_early()).
  void use_factory(SessionFactory factory, std::string origin = "created on first use",
                   bool oss_spark = false, bool early = false);
  const std::string& origin() const { return origin_; }
  // True only when the session will be OSS Spark and is known to be before it exists.
  bool creates_oss_spark() const { return oss_spark_; }

  // The process-wide session, created through the factory on the first call.
  // Call with the GIL held; it is released while waiting for another thread's creation.
  py::object root();

  // Starts creating the session on a thread of its own, for a command that will need it:
  // dbt asks for the session only after parsing the project, so the JVM starts while dbt
  // parses. The first root() call waits for that thread and raises its error, if it failed.
  // Does nothing when there is a session, a factory not worth it, or an early start already.
  void start_early();
  // Waits for an early start's thread to end; the host calls it before it releases what the
  // factory uses. Call with the GIL held (released while waiting).
  void join_early_start();

  bool has_session() const { return session_ != nullptr; }

  // Drops every Python reference held here and closes the Spark Connect session states made
  // so far (bindings/session_state.hpp); must run before the interpreter finalizes.
  void reset();

 private:
  SessionSource() = default;
  // Runs `body` holding creation_ and the GIL (root() and the early start's thread).
  template <typename Body>
  void with_creation_lock(Body body);
  // The factory's call and the preparation of its session; the caller holds creation_.
  void create();
  std::mutex creation_;
  SessionFactory factory_;
  std::string origin_;
  bool oss_spark_ = false;
  bool early_ = false;
  // Heap-held and never destroyed at exit: a static py::object would be released after
  // the interpreter is gone (Py_DECREF on a finalized interpreter crashes).
  py::object* session_ = nullptr;
  py::object* early_start_ = nullptr;  // the threading.Thread of start_early()
  // An early start's error, raised by the root() call that would otherwise have started.
  std::optional<py::error_already_set> early_failure_;
};

}  // namespace dbt_session::bindings
