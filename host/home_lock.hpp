#pragma once
// The storage home of a created session (warehouse/, metastore_db/, derby.log) serves one run
// at a time. Spark's embedded Derby metastore admits one JVM per database, and a second JVM, or
// a home it cannot write, fails deep inside Hive's client with tens of thousands of lines of
// nested stacks ending in "Unable to instantiate ...SessionHiveMetaStoreClient". So a run
// claims the home before Spark starts:
//   - the home and its warehouse/ and metastore_db/ must be writable (access(2) also reports a
//     read-only mount to root, whom permission bits do not stop);
//   - no other dbt-session run may hold the home's lock file, <home>/kHomeLockFile: a POSIX
//     record lock (fcntl), which the kernel drops when its process ends however it ends
//     (kill -9 included), is not inherited by fork()ed children (a Python model's
//     multiprocessing), and names its holder's pid (F_GETLK);
//   - no other JVM may have the Derby database booted: Derby holds a Java FileChannel lock,
//     an fcntl lock on Linux, on metastore_db/dbex.lck while it is. The db.lck Derby leaves
//     after a killed run is stale and Derby reboots over it; only a held lock counts.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>

namespace dbt_session::host {

inline constexpr const char* kHomeLockFile = "dbt-session.lock";

// The pid of a process holding a write-conflicting fcntl lock on `file`; nullopt when nobody
// holds one or the file does not exist.
std::optional<pid_t> fcntl_lock_holder(const std::filesystem::path& file);

class HomeLock {
 public:
  // Creates the home if needed and claims it; HostError naming the home, the cause (not
  // writable: the path and errno's text; in use: the holder's pid) and the way to choose
  // another home (--warehouse DIR, DBT_SESSION_HOME=DIR). A Derby lock still held is waited
  // for up to `derby_wait`: the JVM of a run killed a moment ago ends once it sees its
  // parent's pipe close (pyspark's gateway server exits on stdin EOF).
  explicit HomeLock(const std::filesystem::path& home,
                    std::chrono::milliseconds derby_wait = std::chrono::seconds(10));
  ~HomeLock();
  HomeLock(const HomeLock&) = delete;
  HomeLock& operator=(const HomeLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace dbt_session::host
