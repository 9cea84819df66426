#include "host/spark_processes.hpp"

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace dbt_session::host {
namespace fs = std::filesystem;
namespace {

enum class SparkProcess { kNone, kJvm, kOther };

struct ProcessStat {
  char state = '?';
  pid_t parent = -1;
};

// /proc/<pid>/stat: the state and the parent pid follow the ")" closing the command name.
ProcessStat stat_of(const fs::path& process) {
  std::ifstream stat(process / "stat");
  const std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos || close + 4 >= text.size()) return {};
  return {text[close + 2], static_cast<pid_t>(std::stol(text.substr(close + 4)))};
}

bool is_unexecuted_fork(const fs::path& process) {
  std::error_code error;
  const fs::path exe = fs::read_symlink(process / "exe", error);
  return !error && exe == fs::read_symlink("/proc/self/exe", error) && !error;
}

SparkProcess kind_of(const fs::path& process) {
  std::ifstream cmdline(process / "cmdline");
  std::string program;
  std::getline(cmdline, program, '\0');
  const std::string rest((std::istreambuf_iterator<char>(cmdline)),
                         std::istreambuf_iterator<char>());
  // Between the steps of an exec the kernel shows no command line yet: the fork becoming
  // spark-submit, or spark-class becoming the JVM.
  if (program.empty()) return SparkProcess::kOther;
  if (fs::path(program).filename() == "java") return SparkProcess::kJvm;
  if (rest.find("spark-submit") != std::string::npos ||
      rest.find("spark-class") != std::string::npos || is_unexecuted_fork(process)) {
    return SparkProcess::kOther;
  }
  return SparkProcess::kNone;
}

// The live Spark children, each with its kind.
template <typename Visit>
void for_each_spark_child(Visit visit) {
  const pid_t self = getpid();
  std::error_code error;
  for (fs::directory_iterator entry("/proc", error), end; !error && entry != end;
       entry.increment(error)) {
    const std::string name = entry->path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    try {
      const ProcessStat stat = stat_of(entry->path());
      if (stat.parent != self || stat.state == 'Z') continue;
      const SparkProcess kind = kind_of(entry->path());
      if (kind != SparkProcess::kNone) visit(static_cast<pid_t>(std::stol(name)), kind);
    } catch (const std::exception&) {
      // The process ended while being read.
    }
  }
}

// SIGTERM, then SIGCONT: a stopped JVM (SIGSTOP, or a driver frozen for debugging) keeps a
// SIGTERM pending until it runs again, and would outlive the run.
void terminate(pid_t jvm) {
  kill(jvm, SIGTERM);
  kill(jvm, SIGCONT);
}

// One round of signals to the new Spark children.
void signal_spark_children(const std::set<pid_t>& keep) {
  for_each_spark_child([&](pid_t child, SparkProcess kind) {
    if (keep.count(child) != 0) return;
    if (kind == SparkProcess::kJvm) {
      terminate(child);
    } else {
      kill(child, SIGKILL);
    }
  });
}

}  // namespace

std::set<pid_t> spark_child_processes() {
  std::set<pid_t> children;
  for_each_spark_child([&](pid_t child, SparkProcess) { children.insert(child); });
  return children;
}

void end_spark_children(const std::set<pid_t>& keep, std::chrono::milliseconds grace) {
  if (grace.count() == 0) {
    signal_spark_children(keep);
    return;
  }
  // Scans until one finds none left: a process one scan missed (in the middle of an exec) is
  // found by the next. A JVM gets SIGTERM once, SIGKILL if it is still there at the deadline.
  const auto deadline = std::chrono::steady_clock::now() + grace;
  const auto give_up = deadline + std::chrono::seconds(1);
  std::set<pid_t> terminated;
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    bool left = false;
    for_each_spark_child([&](pid_t child, SparkProcess kind) {
      if (keep.count(child) != 0) return;
      left = true;
      if (kind != SparkProcess::kJvm || now >= deadline) {
        kill(child, SIGKILL);
      } else if (terminated.insert(child).second) {
        terminate(child);
      }
    });
    if (!left || now >= give_up) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool SparkStart::begin() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (interrupted_) return false;
  running_before_ = spark_child_processes();
  return true;
}

bool SparkStart::abandon() {
  std::set<pid_t> keep;
  bool interrupted = false;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!running_before_) return interrupted_;
    keep = *running_before_;
    running_before_.reset();
    interrupted = interrupted_;
  }
  end_spark_children(keep, kJvmGrace);
  return interrupted;
}

void SparkStart::finish() {
  const std::lock_guard<std::mutex> lock(mutex_);
  running_before_.reset();
}

bool SparkStart::interrupt() {
  const std::lock_guard<std::mutex> lock(mutex_);
  interrupted_ = true;
  if (!running_before_) return false;
  signal_spark_children(*running_before_);
  return true;
}

}  // namespace dbt_session::host
