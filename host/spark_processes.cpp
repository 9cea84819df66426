#include "host/spark_processes.hpp"

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace dbt_session::host {
namespace fs = std::filesystem;
namespace {

// The parent pid from /proc/<pid>/stat: the field after the ")" closing the command name.
pid_t parent_of(const fs::path& process) {
  std::ifstream stat(process / "stat");
  const std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos || close + 4 >= text.size()) return -1;
  return static_cast<pid_t>(std::stol(text.substr(close + 4)));
}

bool is_spark_process(const fs::path& process) {
  std::ifstream cmdline(process / "cmdline");
  std::string program;
  std::getline(cmdline, program, '\0');
  const std::string rest((std::istreambuf_iterator<char>(cmdline)),
                         std::istreambuf_iterator<char>());
  const std::string name = fs::path(program).filename().string();
  return name == "java" || rest.find("spark-submit") != std::string::npos ||
         rest.find("spark-class") != std::string::npos;
}

}  // namespace

std::set<pid_t> spark_child_processes() {
  std::set<pid_t> children;
  const pid_t self = getpid();
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    try {
      if (parent_of(entry.path()) == self && is_spark_process(entry.path())) {
        children.insert(static_cast<pid_t>(std::stol(name)));
      }
    } catch (const std::exception&) {
      // The process ended while being read.
    }
  }
  return children;
}

void terminate_spark_children(const std::set<pid_t>& keep) {
  for (const pid_t child : spark_child_processes()) {
    if (keep.count(child) == 0) kill(child, SIGTERM);
  }
}

}  // namespace dbt_session::host
