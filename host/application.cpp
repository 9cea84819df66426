#include "host/application.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "bindings/job_cancellation.hpp"
#include "bindings/run_interruption.hpp"
#include "bindings/session_source.hpp"
#include "host/dbt_invocation.hpp"
#include "host/environment_check.hpp"
#include "host/environment_variable.hpp"
#include "host/process_end.hpp"
#include "host/profile_reader.hpp"
#include "host/session_provider.hpp"
#include "host/session_provider_factory.hpp"
#include "host/session_strategy.hpp"
#include "host/signal_watcher.hpp"
#include "host/spark_processes.hpp"
#include "host/version_report.hpp"

namespace dbt_session::host {
namespace py = pybind11;
namespace {

void describe_profile(const std::vector<std::string>& dbt_args) {
  const auto target = read_profile_target(
      {dbt_args, environment_variable("DBT_PROFILES_DIR"), environment_variable("DBT_PROJECT_DIR"),
       environment_variable("DBT_TARGET"), fs::current_path(), environment_variable("HOME"),
       environment_variable("DBT_PROFILE")});
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

// Cancels this process's Spark jobs, and refuses its later work, from a signal reaction (GIL
// held); the error's text when that failed. Nothing may leave a watcher thread: an exception
// there aborts the process.
std::optional<std::string> cancel_all_jobs_quietly() {
  try {
    bindings::cancel_all_jobs();
    return std::nullopt;
  } catch (const std::exception& error) {
    return std::string(error.what());
  }
}

// The first SIGINT/SIGTERM (on the watcher thread): cancel this run's Spark jobs,
// interrupt the Python models running on dbt's workers, then stop dbt the way Ctrl-C stops it
// in Python, so dbt prints its interrupted summary and returns a KeyboardInterrupt (exit code
// 130).
void interrupt_run(int signal_number, pthread_t main_thread) {
  spdlog::warn("{}: cancelling this run's Spark jobs (a second signal stops at once)",
               signal_number == SIGTERM ? "SIGTERM" : "interrupted");
  bindings::note_run_interrupted();
  {
    py::gil_scoped_acquire gil;
    if (const auto failure = cancel_all_jobs_quietly()) {
      spdlog::warn("cancelling the Spark jobs failed: {}", *failure);
    }
    bindings::interrupt_model_threads();
    // A KeyboardInterrupt for the main thread: Python's SIGINT handler runs there at the
    // next bytecode, or at once when the wake below interrupts a blocking wait.
    PyErr_SetInterrupt();
  }
  SignalWatcher::wake(main_thread);
}

// dbt's invocation as the signal watcher sees it: whether dbt is still running, and when a
// KeyboardInterrupt was last raised for it.
struct InterruptedRun {
  std::mutex mutex;
  bool dbt_running = true;
  std::chrono::steady_clock::time_point last_interrupt{};
  void interrupted() {
    const std::lock_guard<std::mutex> lock(mutex);
    last_interrupt = std::chrono::steady_clock::now();
  }
  void dbt_returned() {
    const std::lock_guard<std::mutex> lock(mutex);
    dbt_running = false;
  }
};

// A KeyboardInterrupt raised inside Python code that C code calls and whose errors it clears
// (PyObject_HasAttr before Python 3.13, PyDict_GetItem comparing keys) is lost without a
// report. Once a session exists, a lost one still ends the run: every later statement is
// refused. Before (dbt parsing the project) nothing would, so the interrupt is raised again
// every kInterruptAgainAfter until dbt returns or a session exists. True while it may be.
bool interrupt_again_before_session(InterruptedRun& run, pthread_t main_thread) {
  constexpr auto kInterruptAgainAfter = std::chrono::milliseconds(1000);
  {
    py::gil_scoped_acquire gil;
    if (bindings::SessionSource::instance().has_session()) return false;
  }
  const std::lock_guard<std::mutex> lock(run.mutex);  // never held while waiting for the GIL
  if (!run.dbt_running) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now - run.last_interrupt >= kInterruptAgainAfter) {
    PyErr_SetInterrupt();  // async-signal-safe, needs no GIL
    run.last_interrupt = now;
    SignalWatcher::wake(main_thread);
  }
  return true;
}

// After the first signal, until every statement and Python model of the run has returned and
// no driver JVM is starting: a statement that was still being analysed starts its job only now
// (bindings/run_interruption); a JVM start may fork after the first round.
bool keep_cancelling(SessionProvider& provider, InterruptedRun& run, pthread_t main_thread) {
  const bool starting = provider.interrupt_start();
  if (bindings::statements_in_flight() == 0) {
    return starting || interrupt_again_before_session(run, main_thread);
  }
  py::gil_scoped_acquire gil;
  // A failure was reported once by interrupt_run; the next round tries again.
  cancel_all_jobs_quietly();
  bindings::interrupt_model_threads();
  return true;
}

// A second signal: this run's Spark jobs are cancelled as far as that takes less than
// kStopBound, then the process ends with 130 without unwinding (dbt's threads may be inside
// the JVM). Delta commits are atomic: a write cut short leaves the table's previous version.
// A JVM this process started is sent SIGTERM (host/spark_processes.hpp).
[[noreturn]] void stop_now(int signal_number) {
  constexpr auto kStopBound = std::chrono::milliseconds(600);
  spdlog::warn("{} again: stopping now", signal_number == SIGTERM ? "SIGTERM" : "interrupted");
  const auto cancelled = std::make_shared<std::promise<void>>();
  std::thread([cancelled] {
    py::gil_scoped_acquire gil;
    release_named_semaphores();  // first: it takes microseconds, the cancels may not end
    cancel_all_jobs_quietly();   // best effort: the process ends next
    cancelled->set_value();
  }).detach();
  cancelled->get_future().wait_for(kStopBound);
  end_spark_children({}, std::chrono::milliseconds(0));
  exit_flushed(130);
}

// The watcher raises its KeyboardInterrupt through Python's SIGINT handler (PyErr_SetInterrupt),
// which must be the default one: CPython installs it only when SIGINT was not ignored at start
// (a shell's background job, `cmd &` in a script, starts with SIGINT ignored, and then every
// interrupt was dropped: dbt ran on to its end), and pyspark's SparkContext, created on the main
// thread, installs one that cancels every job of the context (pyspark/core/context.py).
// Python's handler is set from the main thread only; the watcher's C handlers go in front.
void use_python_interrupt_handler() {
  const auto threading = py::module_::import("threading");
  if (!threading.attr("current_thread")().is(threading.attr("main_thread")())) return;
  const auto signal = py::module_::import("signal");
  signal.attr("signal")(signal.attr("SIGINT"), signal.attr("default_int_handler"));
}

void reclaim_signals(SignalWatcher& watcher) {
  use_python_interrupt_handler();
  watcher.install_handlers();
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
  watcher.emplace(SignalWatcher::Reactions{
      [main_thread, &provider, &run](int signal_number) {
        provider->interrupt_start();  // first: it needs no GIL, which interrupt_run waits for
        interrupt_run(signal_number, main_thread);
        run.interrupted();
      },
      [&provider, &run, main_thread] { return keep_cancelling(*provider, run, main_thread); },
      stop_now});
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
  const int code = run_dbt(command);
  const std::vector<std::string> lingering = bindings::lingering_model_threads();
  for (const auto& thread : lingering) {
    spdlog::warn(
        "Python model {} started a non-daemon thread that is still running; dbt-session "
        "ends without waiting for it (make it a daemon thread, or join it in model())",
        thread);
  }
  // After an interrupt, dbt may return without joining its workers (when its own cancelling
  // fails), and one may still be inside a statement with the GIL released. CPython ends a
  // thread that takes the GIL back after finalization with pthread_exit, whose unwinding
  // through a C++ destructor aborts the process. Finalizing would only collect garbage (0.1–2 s
  // on the fault tests' project) and join threads.
  if (lingering.empty() && !bindings::run_was_interrupted()) return code;
  end_without_finalizing(code);
}

}  // namespace dbt_session::host
