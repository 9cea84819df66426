#include "host/home_lock.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <thread>

#include "host/driver_log_config.hpp"
#include "host/host_error.hpp"

namespace dbt_session::host {
namespace fs = std::filesystem;
namespace {

constexpr const char* kChooseAnother =
    "give this run another home with --warehouse DIR or DBT_SESSION_HOME=DIR (a new home starts "
    "with an empty metastore)";

struct flock whole_file(short type) {
  struct flock lock {};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;  // l_start = l_len = 0: the whole file, however long it grows
  return lock;
}

[[noreturn]] void not_writable(const fs::path& home, const fs::path& path, const std::string& why) {
  throw HostError(
      "the dbt-session home " + home.string() + " is not writable: " + path.string() + ": " + why +
      ". Spark keeps its warehouse and metastore there: make it writable, or " + kChooseAnother);
}

// The home and what Spark and Derby write in it, where they exist already (a status that
// cannot be read, say a parent without search permission, is reported like a write).
void require_writable(const fs::path& home) {
  std::error_code error;
  fs::create_directories(home, error);
  if (error) not_writable(home, home, error.message());
  for (const char* name : {"", "warehouse", "metastore_db", "derby.log", kLog4jFile}) {
    const fs::path path = *name ? home / name : home;
    const fs::file_status status = fs::status(path, error);
    if (status.type() == fs::file_type::not_found) continue;
    if (error) not_writable(home, path, error.message());
    const bool directory = fs::is_directory(status);
    const bool wants_directory = std::string(name).find('.') == std::string::npos;
    if (wants_directory && !directory) not_writable(home, path, "not a directory");
    if (access(path.c_str(), directory ? W_OK | X_OK : W_OK) != 0) {
      not_writable(home, path, std::strerror(errno));
    }
  }
}

}  // namespace

std::optional<pid_t> fcntl_lock_holder(const fs::path& file) {
  const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct flock probe = whole_file(F_WRLCK);
  const bool asked = fcntl(fd, F_GETLK, &probe) == 0;
  close(fd);
  if (!asked || probe.l_type == F_UNLCK) return std::nullopt;
  return probe.l_pid;
}

HomeLock::HomeLock(const fs::path& home, std::chrono::milliseconds derby_wait) {
  require_writable(home);
  const fs::path lock_file = home / kHomeLockFile;
  fd_ = open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) not_writable(home, lock_file, std::strerror(errno));
  struct flock lock = whole_file(F_WRLCK);
  if (fcntl(fd_, F_SETLK, &lock) != 0) {
    if (errno != EAGAIN && errno != EACCES) {
      // A filesystem without record locks (ENOLCK): Derby's own lock is still checked below.
      spdlog::warn("cannot lock {} ({}): a second run on this home is not detected",
                   lock_file.string(), std::strerror(errno));
    } else {
      const auto holder = fcntl_lock_holder(lock_file);
      close(fd_);
      throw HostError("the dbt-session home " + home.string() +
                      " is in use by another dbt-session run" +
                      (holder ? " (pid " + std::to_string(*holder) + ")" : std::string()) +
                      ": its Derby metastore serves one Spark driver at a time. Wait for that run "
                      "to end, or " +
                      kChooseAnother);
    }
  }
  const fs::path derby_lock = home / "metastore_db" / "dbex.lck";
  const auto deadline = std::chrono::steady_clock::now() + derby_wait;
  auto holder = fcntl_lock_holder(derby_lock);
  if (holder && derby_wait.count() > 0) {
    spdlog::info("waiting up to {:.1f} s for process {} to release the metastore {}",
                 derby_wait.count() / 1000.0, *holder, derby_lock.parent_path().string());
  }
  while (holder && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    holder = fcntl_lock_holder(derby_lock);
  }
  if (holder) {
    close(fd_);
    throw HostError("the metastore " + derby_lock.parent_path().string() +
                    " is in use by process " + std::to_string(*holder) +
                    " (a Spark driver with the same warehouse: a pyspark shell, a Spark Connect "
                    "server, another run's JVM): Derby admits one at a time. Stop it, or " +
                    kChooseAnother);
  }
}

HomeLock::~HomeLock() {
  if (fd_ >= 0) close(fd_);  // drops the lock
}

}  // namespace dbt_session::host
