// host/home_lock.hpp: one run per storage home, a home that cannot be written refused before
// Spark starts, and nothing left behind by a run that ended (however it ended) blocks the next.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "host/home_lock.hpp"
#include "tests/cpp/expectations.hpp"
#include "tests/cpp/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using dbt_session::host::fcntl_lock_holder;
using dbt_session::host::HomeLock;
using dbt_session::host::kHomeLockFile;
using dbt_session::testing::mentions;
using dbt_session::testing::rejection;
using dbt_session::testing::TempDir;
using dbt_session::testing::write_file;
using std::chrono::milliseconds;

// A child process holding an fcntl write lock on `file` (as another run, or Derby in another
// JVM, does) until destroyed.
class LockingProcess {
 public:
  explicit LockingProcess(const fs::path& file) {
    int ready[2];
    int release[2];
    REQUIRE(pipe(ready) == 0);
    REQUIRE(pipe(release) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      close(ready[0]);
      close(release[1]);  // so that the parent's close is the last: EOF
      const int fd = open(file.c_str(), O_RDWR | O_CREAT, 0644);
      struct flock lock {};
      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      const char ok = (fd >= 0 && fcntl(fd, F_SETLK, &lock) == 0) ? '1' : '0';
      (void)!write(ready[1], &ok, 1);
      char byte;
      (void)!read(release[0], &byte, 1);
      _exit(0);
    }
    close(ready[1]);
    close(release[0]);
    release_ = release[1];
    char ok = '0';
    REQUIRE(read(ready[0], &ok, 1) == 1);
    close(ready[0]);
    REQUIRE(ok == '1');
  }
  ~LockingProcess() {
    close(release_);  // the child reads EOF and exits
    waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int release_ = -1;
};

}  // namespace

TEST_CASE("a home is created, claimed, and free again once its claim ends") {
  const TempDir temp;
  const fs::path home = temp.path() / "new" / "home";
  { const HomeLock lock(home); }
  CHECK(fs::is_directory(home));
  CHECK(fs::exists(home / kHomeLockFile));  // left behind, and harmless:
  CHECK(rejection([&] { const HomeLock again(home); }).empty());
}

TEST_CASE("a home another run holds is refused naming it, the holder and how to choose another") {
  const TempDir temp;
  const fs::path home = temp.path() / "home";
  fs::create_directories(home);
  const LockingProcess other(home / kHomeLockFile);
  const std::string message = rejection([&] { const HomeLock lock(home); });
  CHECK(mentions(
      message, "the dbt-session home " + home.string() + " is in use by another dbt-session run"));
  CHECK(mentions(message, "(pid " + std::to_string(other.pid()) + ")"));
  CHECK(mentions(message, "--warehouse DIR or DBT_SESSION_HOME=DIR"));
}

TEST_CASE(
    "a held Derby lock is reported with its holder; a stale one left by a killed run is not") {
  const TempDir temp;
  const fs::path home = temp.path() / "home";
  const fs::path derby = home / "metastore_db" / "dbex.lck";
  write_file(home / "metastore_db" / "db.lck", "stale");
  CHECK_FALSE(fcntl_lock_holder(derby).has_value());  // no file
  {
    const LockingProcess jvm(derby);
    CHECK(fcntl_lock_holder(derby) == jvm.pid());
    const std::string message = rejection([&] { const HomeLock lock(home, milliseconds(300)); });
    CHECK(mentions(message, "the metastore " + (home / "metastore_db").string() +
                                " is in use by process " + std::to_string(jvm.pid())));
    CHECK(mentions(message, "DBT_SESSION_HOME=DIR"));
  }
  CHECK_FALSE(
      fcntl_lock_holder(derby).has_value());  // the file remains, the lock went with its process
  CHECK(rejection([&] { const HomeLock lock(home, milliseconds(0)); }).empty());
}

TEST_CASE("a home that cannot hold Spark's directories is refused naming the path") {
  const TempDir temp;
  write_file(temp.path() / "file", "not a directory");
  std::string message = rejection([&] { const HomeLock lock(temp.path() / "file" / "home"); });
  CHECK(mentions(message, "the dbt-session home " + (temp.path() / "file" / "home").string() +
                              " is not writable"));
  CHECK(mentions(message, "--warehouse DIR"));

  write_file(temp.path() / "home" / "warehouse", "a file where Spark needs a directory");
  message = rejection([&] { const HomeLock lock(temp.path() / "home"); });
  CHECK(mentions(message, (temp.path() / "home" / "warehouse").string() + ": not a directory"));
}
