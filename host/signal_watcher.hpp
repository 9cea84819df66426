#pragma once
// Ctrl-C and SIGTERM while dbt runs. Python runs its own signal handlers only while the main
// thread executes bytecode, and during a long model the main thread waits in a lock for dbt's
// workers, which wait for Spark: nothing would happen until the model ends. So the signals go
// to an async-signal-safe handler that only writes the signal number to a self-pipe; a watcher
// thread reads it and calls `on_signal` (outside any signal context, free to take the GIL).
// The watcher holds no lock while it waits in read(), so pyspark may fork the JVM while it
// exists.
#include <csignal>
#include <functional>
#include <thread>

namespace dbt_session::host {

class SignalWatcher {
 public:
  struct Reactions {
    // The first SIGINT/SIGTERM, on the watcher thread.
    std::function<void(int signal_number)> on_first;
    // After on_first, every kRepeatMilliseconds until it returns false (still cancelling).
    std::function<bool()> while_pending;
    // A second signal: "stop now". Runs on a thread of its own, so a watcher still busy
    // with the first signal (waiting for the GIL, or for the JVM) cannot delay it.
    std::function<void(int signal_number)> on_second;
  };
  static constexpr int kRepeatMilliseconds = 100;

  explicit SignalWatcher(Reactions reactions);  // installs the handlers, starts the threads
  // Restores the previous handlers and joins the threads: call without the GIL, which the
  // reactions may be waiting for.
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // (Re)installs the SIGINT/SIGTERM handlers: Python code that calls signal.signal on the
  // main thread (pyspark's SparkContext does, for SIGINT) replaces them.
  void install_handlers();

  // Wakes `thread` from a blocking wait (a Python lock, sleep, I/O) with a signal whose
  // handler does nothing, so the interrupted call returns EINTR and the interpreter runs
  // pending signal handlers (PyErr_SetInterrupt's KeyboardInterrupt) at once.
  static void wake(std::thread::native_handle_type thread);

 private:
  void watch();

  Reactions reactions_;
  int pipe_[2] = {-1, -1};       // first signal
  int stop_pipe_[2] = {-1, -1};  // second signal
  struct sigaction previous_interrupt_ {};
  struct sigaction previous_terminate_ {};
  struct sigaction previous_wake_ {};
  std::thread watcher_;
  std::thread stopper_;
};

}  // namespace dbt_session::host
