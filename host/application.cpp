#include "host/application.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <optional>

#include "bindings/run_interruption.hpp"
#include "bindings/session_source.hpp"
#include "host/dbt_invocation.hpp"
#include "host/environment_check.hpp"
#include "host/process_end.hpp"
#include "host/profile_reader.hpp"
#include "host/run_interrupts.hpp"
#include "host/session_provider.hpp"
#include "host/session_provider_factory.hpp"
#include "host/session_strategy.hpp"
#include "host/version_report.hpp"

namespace dbt_session::host {
namespace py = pybind11;
namespace {

void describe_profile(const std::vector<std::string>& dbt_args) {
  const auto target = read_profile_target(profile_lookup(dbt_args));
  if (!target) return;
  const std::string type = target->type.value_or("(none)");
  const std::string method = target->method.value_or("(not set)");
  spdlog::debug("profile '{}' target '{}' in {}: type {}, method {}", target->profile,
                target->target, target->file.string(), type, method);
  if (target->type && !is_templated(type) && type != "databricks") {
    spdlog::warn(
        "profile '{}' target '{}' has type '{}': dbt-session adds a Spark session to "
        "dbt-databricks targets only (type: databricks, method: session)",
        target->profile, target->target, type);
  }
}

// Joins the watcher with the GIL released: its reactions may be waiting for the GIL.
struct WatcherStop {
  std::optional<SignalWatcher>& watcher;
  ~WatcherStop() {
    py::gil_scoped_release release;
    watcher.reset();
  }
};

// Drops the bindings' reference to the session before the launcher stops it.
struct SessionSourceReset {
  ~SessionSourceReset() { bindings::SessionSource::instance().reset(); }
};

// A session dbt asked for early (bindings::SessionSource::start_early) for a command that
// ended before it needed one, such as a project that does not parse, is not waited for: its
// start is ended, then its thread joined, before the provider it runs on is released.
struct EarlyStartEnd {
  SessionProvider& provider;
  ~EarlyStartEnd() {
    bindings::SessionSource& source = bindings::SessionSource::instance();
    if (!source.has_session()) provider.interrupt_start();
    source.join_early_start();
  }
};

// Dbt's run on a session, with the signal watcher; returns dbt's exit code once the watcher
// is joined and a session this process created is stopped.
int run_dbt(const CommandLine& command) {
  require_dbt_databricks();
  describe_profile(command.dbt_args);
  // The venv's pyspark is the first Spark version the host knows (every session strategy runs
  // on it): an unsupported one stops here, before a JVM starts or a gateway is reached.
  require_supported_pyspark();
  const SessionEnvironment environment = SessionEnvironment::from_process();
  const SessionChoice choice = choose_session(command.host, environment);
  const std::string how = describe(choice);
  // Said once, when the host acts on the choice: a Connect server or a driver JVM is reached
  // by preflight() below, before dbt starts; a session is created while dbt parses the
  // project for a command that always queries (run, build, test, ...), else when a dbt
  // connection first needs one, which parse, ls, deps and clean never do (SparkLauncher says
  // it as the start begins).
  const bool created_later = choice.strategy == SessionStrategy::kCreate;
  if (created_later) {
    spdlog::debug("session, once a connection needs one: {}", how);
  } else {
    spdlog::info("session: {}", how);
  }
  if (choice.strategy != SessionStrategy::kCreate &&
      (!command.host.spark_conf.empty() || command.host.warehouse)) {
    spdlog::warn(
        "--conf and --warehouse configure a session dbt-session creates; they are ignored when it "
        "uses an existing one");
  }
  const auto provider = make_session_provider(choice, command.host);
  provider->preflight();
  const pthread_t main_thread = pthread_self();
  use_python_interrupt_handler();
  InterruptedRun run;
  std::optional<SignalWatcher> watcher;
  watcher.emplace(interrupt_reactions(*provider, run, main_thread));
  const WatcherStop stop_watcher{watcher};
  spdlog::debug("SIGINT and SIGTERM now interrupt the run");
  bindings::SessionSource::instance().use_factory(
      [&provider, &watcher] {
        py::object session = provider->acquire();
        reclaim_signals(*watcher);
        py::module_::import("dbt_session.console").attr("quiet_pyspark_errors")();
        return session;
      },
      how, creates_oss_spark(choice, environment), /*early=*/created_later);
  const SessionSourceReset reset;
  const EarlyStartEnd early_start{*provider};
  DbtOutcome outcome = DbtOutcome::kInterrupted;
  try {
    outcome = invoke_dbt(command.dbt_args);
  } catch (py::error_already_set& error) {
    run.dbt_returned();
    // An interrupt raised as dbt was returning reaches the host's own Python calls.
    if (!error.matches(PyExc_KeyboardInterrupt)) throw;
  }
  run.dbt_returned();
  // A KeyboardInterrupt that Python code swallowed (a C API that clears every error, such as
  // PyObject_HasAttr before Python 3.13) lets dbt finish or fail on its own; the run was still
  // interrupted, and says so with 130.
  if (outcome != DbtOutcome::kInterrupted && bindings::run_was_interrupted()) {
    spdlog::warn("dbt returned after the interrupt without stopping for it; exit code 130");
    return exit_code_for(DbtOutcome::kInterrupted);
  }
  return exit_code_for(outcome);
}

}  // namespace

int run_application(const CommandLine& command) {
  if (command.host.show_version) {
    std::cout << version_report() << std::flush;
    return 0;
  }
  int code = run_dbt(command);
  // An interrupt that came while the session was stopped, after dbt returned (SparkLauncher).
  if (bindings::run_was_interrupted()) code = exit_code_for(DbtOutcome::kInterrupted);
  const std::vector<std::string> lingering = bindings::lingering_model_threads();
  for (const auto& thread : lingering) {
    spdlog::warn(
        "Python model {} started a non-daemon thread that is still running; dbt-session "
        "ends without waiting for it (make it a daemon thread, or join it in model())",
        thread);
  }
  // Python is not finalized: after an interrupt, dbt may return without joining its workers
  // (when its own cancelling fails), and one may still be inside a statement with the GIL
  // released; CPython ends a thread that takes the GIL back after finalization with
  // pthread_exit, whose unwinding through a C++ destructor aborts the process. Otherwise
  // finalizing would only join threads a Python model left running and collect the garbage of
  // dbt's manifest and results: 1.3-3.9 s on the fault tests' 2-model project.
  end_without_finalizing(code);
}

}  // namespace dbt_session::host
