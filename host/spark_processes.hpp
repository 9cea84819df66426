#pragma once
// The JVM a created session runs in is a child of this process: pyspark forks, the fork runs
// pyspark's preexec function and execs spark-submit, which execs the driver JVM. The JVM exits
// by itself once this process has gone and it has seen its stdin close, but only after it has
// finished starting (a JVM whose connection file was removed never does): a run interrupted
// while the JVM starts, or stopped at once by a second signal, ends it here.
//
// A fork that has not exec'd yet runs this process's signal handlers (inherited across fork),
// so a SIGTERM would reach the signal watcher's pipe as if the user had sent it: forks and
// launch scripts get SIGKILL; a JVM gets SIGTERM first, so its shutdown hooks remove Spark's
// temporary folders.
#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <set>

namespace dbt_session::host {

// This process's live children that are a JVM, Spark's launch scripts (spark-submit,
// spark-class), or a fork of this process that has not exec'd yet; read from /proc.
std::set<pid_t> spark_child_processes();

// Ends each of spark_child_processes() not in `keep`: SIGKILL for forks and scripts, SIGTERM
// for a JVM, then SIGKILL for a JVM still alive after `grace`; returns once none is left (when
// `grace` is zero, after one round of signals: the process is about to end, and the JVM's
// shutdown hooks may take longer). Safe from any thread; no Python.
void end_spark_children(const std::set<pid_t>& keep, std::chrono::milliseconds grace);

// One start of a driver JVM, which the signal watcher's thread may interrupt: the start goes on
// when no KeyboardInterrupt stops it (one raised on Python's main thread can be swallowed
// there, and a start on another thread never gets one).
class SparkStart {
 public:
  static constexpr std::chrono::milliseconds kJvmGrace{2000};

  // Records the Spark processes already running; false if interrupt() came first.
  bool begin();
  // The start failed: ends the processes it started. True if it had been interrupted.
  bool abandon();
  // The start returned a session (an interrupt that came meanwhile is the run's to handle).
  void finish();
  // From the signal watcher: refuses a start not yet begun and ends the processes of one in
  // progress (without waiting). True while a start is in progress, so that the watcher calls
  // again for a fork made after this call.
  bool interrupt();

 private:
  std::mutex mutex_;
  std::optional<std::set<pid_t>> running_before_;  // set while a start is in progress
  bool interrupted_ = false;
};

}  // namespace dbt_session::host
