// host/spark_processes.hpp: what a driver JVM's start leaves is ended, whatever moment an
// interrupt catches it at: a fork that has not exec'd yet (SIGKILL: it would run this process's
// signal handlers), a JVM (SIGTERM, then SIGKILL once the grace is over), and only what the
// start created.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>
#include <thread>

#include "host/spark_processes.hpp"

namespace {

using dbt_session::host::end_spark_children;
using dbt_session::host::spark_child_processes;
using dbt_session::host::SparkStart;
using std::chrono::milliseconds;

// A fork of this process that never execs, as pyspark's fork is while its preexec function runs.
pid_t unexecuted_fork() {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    for (;;) pause();
  }
  return child;
}

// A child whose program is "java" (sleep, named so), optionally ignoring SIGTERM as a JVM
// stuck in its start would; returned once it has exec'd.
pid_t pretend_jvm(bool ignores_sigterm) {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (ignores_sigterm) signal(SIGTERM, SIG_IGN);  // kept across exec
    execl("/bin/sleep", "java", "60", static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string program;
  while (program != "java" && std::chrono::steady_clock::now() < deadline) {
    std::ifstream cmdline("/proc/" + std::to_string(child) + "/cmdline");
    std::getline(cmdline, program, '\0');
    std::this_thread::sleep_for(milliseconds(10));
  }
  REQUIRE(program == "java");
  return child;
}

// The signal that ended `child` (0 if it exited).
int ending_signal(pid_t child) {
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

}  // namespace

TEST_CASE("a fork that has not exec'd yet is a Spark child and is ended with SIGKILL") {
  const pid_t fork = unexecuted_fork();
  CHECK(spark_child_processes().count(fork) == 1);
  end_spark_children({}, milliseconds(0));
  CHECK(ending_signal(fork) == SIGKILL);
}

TEST_CASE("a JVM gets SIGTERM, so that its shutdown hooks run") {
  const pid_t jvm = pretend_jvm(false);
  end_spark_children({}, milliseconds(2000));
  CHECK(ending_signal(jvm) == SIGTERM);
}

TEST_CASE("a JVM still alive after the grace gets SIGKILL") {
  const pid_t jvm = pretend_jvm(true);
  const auto started = std::chrono::steady_clock::now();
  end_spark_children({}, milliseconds(300));
  CHECK(std::chrono::steady_clock::now() - started >= milliseconds(300));
  CHECK(ending_signal(jvm) == SIGKILL);
}

TEST_CASE("a start ends only the processes it created") {
  const pid_t before = unexecuted_fork();
  SparkStart start;
  REQUIRE(start.begin());
  const pid_t started = unexecuted_fork();
  CHECK_FALSE(start.abandon());  // not interrupted
  CHECK(ending_signal(started) == SIGKILL);
  CHECK(spark_child_processes().count(before) == 1);
  kill(before, SIGKILL);
  ending_signal(before);
}

TEST_CASE("an interrupt ends a start in progress and refuses the next") {
  SparkStart start;
  REQUIRE(start.begin());
  const pid_t started = unexecuted_fork();
  CHECK(start.interrupt());  // in progress: the watcher calls again
  CHECK(ending_signal(started) == SIGKILL);
  CHECK(start.abandon());  // it had been interrupted
  CHECK_FALSE(start.interrupt());
  CHECK_FALSE(start.begin());
}
