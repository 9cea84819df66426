#include "host/storage_root.hpp"

#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "host/driver_log_config.hpp"
#include "host/host_error.hpp"

namespace dbt_session::host {
namespace {

fs::path home_relative(const std::optional<std::string>& home, const char* relative) {
  if (!home || home->empty())
    throw HostError("HOME is not set: pass --warehouse or set DBT_SESSION_HOME");
  return fs::path(*home) / relative;
}

// What a driver makes in its java.io.tmpdir, by name: Utils.createTempDir's spark-<uuid> (added
// files, pyspark's data), DiskBlockManager's blockmgr-<uuid>, Spark 4's ArtifactManager
// artifacts-<uuid>, and the native libraries lz4-java and snappy-java unpack there
// (liblz4-java-<n>.so and its .lck, snappy-<version>-<uuid>-libsnappyjava.so) and delete at exit.
bool made_by_a_spark_driver(const std::string& name) {
  for (const char* prefix : {"spark-", "blockmgr-", "artifacts-", "liblz4-java-", "snappy-"}) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

fs::path default_storage_root(const std::optional<std::string>& dbt_session_home,
                              const std::optional<std::string>& xdg_data_home,
                              const std::optional<std::string>& home) {
  if (dbt_session_home && !dbt_session_home->empty()) return *dbt_session_home;
  if (xdg_data_home && !xdg_data_home->empty()) return fs::path(*xdg_data_home) / "dbt-session";
  return home_relative(home, ".local/share/dbt-session");
}

void prepare_storage_root(const fs::path& root, const fs::path& driver_log) {
  const fs::path folder = root / kScratchFolder;
  // Errors are ignored: the killed JVM's own shutdown may still be removing the same files.
  std::error_code ignored;
  std::vector<fs::path> left;
  for (fs::directory_iterator entry(folder, ignored), end; !ignored && entry != end;
       entry.increment(ignored)) {
    if (made_by_a_spark_driver(entry->path().filename().string())) left.push_back(entry->path());
  }
  for (const auto& path : left) fs::remove_all(path, ignored);
  std::error_code error;
  fs::create_directories(folder, error);
  if (error)
    throw HostError("cannot create Spark's scratch folder " + folder.string() + ": " +
                    error.message());
  const fs::path log4j = root / kLog4jFile;
  std::ofstream file(log4j, std::ios::trunc);
  file << log4j_properties(driver_log);
  file.close();
  if (!file) throw HostError("cannot write Spark's log configuration " + log4j.string());
}

}  // namespace dbt_session::host
