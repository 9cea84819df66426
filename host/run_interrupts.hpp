#pragma once
// What SIGINT and SIGTERM do while dbt runs: the SignalWatcher's reactions (host/signal_watcher
// says how signals reach them). The first signal cancels the run's Spark jobs, interrupts its
// Python models and stops dbt as Ctrl-C stops it in Python (its summary, exit code 130), and
// keeps cancelling until every statement has returned; a second one ends the process at once.
#include <pthread.h>

#include <chrono>
#include <mutex>

#include "host/session_provider.hpp"
#include "host/signal_watcher.hpp"

namespace dbt_session::host {

// dbt's invocation as the signal watcher sees it: whether dbt is still running, when it was
// interrupted, and when a KeyboardInterrupt was last raised for it.
struct InterruptedRun {
  std::mutex mutex;
  bool dbt_running = true;
  std::chrono::steady_clock::time_point first_interrupt{};
  std::chrono::steady_clock::time_point last_interrupt{};
  bool wait_explained = false;  // the watcher's own: read and written on its thread only
  void interrupted();
  void dbt_returned();
};

// The reactions for a run of dbt on `provider`'s session, dbt running on `main_thread`.
SignalWatcher::Reactions interrupt_reactions(SessionProvider& provider, InterruptedRun& run,
                                             pthread_t main_thread);

// The watcher raises its KeyboardInterrupt through Python's SIGINT handler (PyErr_SetInterrupt),
// which must be the default one: CPython installs it only when SIGINT was not ignored at start
// (a shell's background job, `cmd &` in a script, starts with SIGINT ignored, and then every
// interrupt was dropped: dbt ran on to its end), and pyspark's SparkContext, created on the main
// thread, installs one that cancels every job of the context (pyspark/core/context.py).
// Python's handler is set from the main thread only; the watcher's C handlers go in front.
void use_python_interrupt_handler();

// After Python code replaced them (pyspark's SparkContext does): Python's default SIGINT
// handler, then the watcher's C handlers in front of it.
void reclaim_signals(SignalWatcher& watcher);

}  // namespace dbt_session::host
