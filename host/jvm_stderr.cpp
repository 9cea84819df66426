#include "host/jvm_stderr.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <thread>

namespace dbt_session::host {
namespace {

// Writes all of `text`; gives up on an error (a closed terminal or pipe: EPIPE, as Python
// ignores SIGPIPE), so the forwarder keeps draining and the JVM never blocks on a full pipe.
void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

// Until every writer has closed the pipe (the JVM and its children have ended).
void forward_lines(int from, int to) {
  std::string pending;
  char buffer[8192];
  for (;;) {
    const ssize_t got = ::read(from, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      const std::string_view line(pending.data() + start, end + 1 - start);
      if (!is_jvm_noise(line)) write_all(to, line);
    }
    pending.erase(0, start);
  }
  write_all(to, pending);
  ::close(from);
  ::close(to);
}

}  // namespace

bool is_jvm_noise(std::string_view line) {
  return line.rfind("WARNING: Using incubator modules:", 0) == 0 || line.rfind("\tat ", 0) == 0 ||
         line.rfind("\t... ", 0) == 0;
}

JvmStderrFilter::JvmStderrFilter() {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) return;
  const int forward_to = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
  saved_stderr_ = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
  if (forward_to < 0 || saved_stderr_ < 0) {
    for (const int fd : {ends[0], ends[1], forward_to, saved_stderr_})
      if (fd >= 0) ::close(fd);
    saved_stderr_ = -1;
    return;
  }
  std::fflush(stderr);
  ::dup2(ends[1], STDERR_FILENO);  // without FD_CLOEXEC: the JVM inherits it
  ::close(ends[1]);
  // Detached: it ends with the JVM, or with the process.
  std::thread(forward_lines, ends[0], forward_to).detach();
}

JvmStderrFilter::~JvmStderrFilter() {
  if (saved_stderr_ < 0) return;
  std::fflush(stderr);
  ::dup2(saved_stderr_, STDERR_FILENO);
  ::close(saved_stderr_);
}

}  // namespace dbt_session::host
