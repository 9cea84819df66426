#include "host/run_interrupts.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "bindings/job_cancellation.hpp"
#include "bindings/run_interruption.hpp"
#include "bindings/session_source.hpp"
#include "host/process_end.hpp"
#include "host/spark_processes.hpp"

namespace dbt_session::host {
namespace py = pybind11;
namespace {

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

// A driver that does not answer the first signal's cancel (a stopped or swapping JVM, a long
// garbage collection) holds its handling inside that call, and the console would stay quiet:
// after kUnansweredAfter it says why, once. The run ends when the driver answers, or at the
// second signal.
void cancel_all_jobs_saying_if_unanswered() {
  constexpr auto kUnansweredAfter = std::chrono::seconds(5);
  std::mutex mutex;
  std::condition_variable answered;
  bool returned = false;
  std::thread timer;
  try {
    timer = std::thread([&] {
      std::unique_lock<std::mutex> lock(mutex);
      if (!answered.wait_for(lock, kUnansweredAfter, [&] { return returned; })) {
        spdlog::warn(
            "Spark's driver has not answered the cancel for {} s (a stopped or overloaded JVM, a "
            "long garbage collection): the run ends once it does; a second signal stops at once",
            kUnansweredAfter.count());
      }
    });
  } catch (const std::system_error&) {
    // No thread to spare: the cancel goes on without the note (nothing may leave this thread).
  }
  const auto failure = cancel_all_jobs_quietly();
  {
    const std::lock_guard<std::mutex> lock(mutex);
    returned = true;
  }
  answered.notify_one();
  if (timer.joinable()) timer.join();
  if (failure) spdlog::warn("cancelling the Spark jobs failed: {}", *failure);
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
    cancel_all_jobs_saying_if_unanswered();
    bindings::interrupt_model_threads();
    // A KeyboardInterrupt for the main thread: Python's SIGINT handler runs there at the
    // next bytecode, or at once when the wake below interrupts a blocking wait.
    PyErr_SetInterrupt();
  }
  SignalWatcher::wake(main_thread);
}

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

// A Python model's KeyboardInterrupt is raised at its next bytecode (PyThreadState_SetAsyncExc):
// a call that blocks in C (time.sleep, a library's computation, a download) runs to its end
// first, and only Python's main thread gets a signal's EINTR. Cancelled Spark work ends within
// about a second, so a wait longer than kExplainWaitAfter is a model's own call: said once,
// naming the models, so that a quiet console does not read as an interrupt that was lost.
void explain_a_long_wait(InterruptedRun& run) {
  constexpr auto kExplainWaitAfter = std::chrono::seconds(3);
  if (run.wait_explained) return;
  {
    const std::lock_guard<std::mutex> lock(run.mutex);
    if (std::chrono::steady_clock::now() - run.first_interrupt < kExplainWaitAfter) return;
  }
  run.wait_explained = true;
  const std::vector<std::string> models = bindings::running_python_models();
  if (models.empty()) return;
  std::string names;
  for (const auto& model : models) names += (names.empty() ? "" : ", ") + model;
  spdlog::warn(
      "waiting for the Python code of {} to return: it stops at its next Python line, not inside "
      "a call that blocks (time.sleep, a library's own computation); a second signal stops at once",
      names);
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
  explain_a_long_wait(run);
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

}  // namespace

void InterruptedRun::interrupted() {
  const std::lock_guard<std::mutex> lock(mutex);
  last_interrupt = std::chrono::steady_clock::now();
  first_interrupt = last_interrupt;
}

void InterruptedRun::dbt_returned() {
  const std::lock_guard<std::mutex> lock(mutex);
  dbt_running = false;
}

SignalWatcher::Reactions interrupt_reactions(SessionProvider& provider, InterruptedRun& run,
                                             pthread_t main_thread) {
  return SignalWatcher::Reactions{
      [main_thread, &provider, &run](int signal_number) {
        provider.interrupt_start();  // first: it needs no GIL, which interrupt_run waits for
        interrupt_run(signal_number, main_thread);
        run.interrupted();
      },
      [&provider, &run, main_thread] { return keep_cancelling(provider, run, main_thread); },
      stop_now};
}

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

}  // namespace dbt_session::host
