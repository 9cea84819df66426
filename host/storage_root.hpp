#pragma once
// Where a session the host creates keeps what must outlive the run: the warehouse, the
// embedded Derby metastore (and derby.log) and the driver's log4j2 file, all under one root so
// the next invocation sees this one's tables. --warehouse names the root; without it the
// default below, outside every dbt project (one metastore per user, not per checkout).
// The driver's scratch lies there too (kScratchFolder), so a run killed with SIGKILL leaves
// nothing behind in /tmp.
#include <filesystem>
#include <optional>
#include <string>

namespace dbt_session::host {

namespace fs = std::filesystem;

// $DBT_SESSION_HOME, else $XDG_DATA_HOME/dbt-session, else ~/.local/share/dbt-session; an
// empty variable counts as unset. HostError saying what to set when none is.
fs::path default_storage_root(const std::optional<std::string>& dbt_session_home,
                              const std::optional<std::string>& xdg_data_home,
                              const std::optional<std::string>& home);

// <root>/spark-scratch: the driver JVM's java.io.tmpdir (host/spark_settings.cpp), hence also
// Spark's local directory unless spark.local.dir or SPARK_LOCAL_DIRS names another: shuffle
// files, spills, added files, pyspark's serialized data. Spark deletes its folders there in a
// shutdown hook, which a JVM killed with SIGKILL never runs (about 8 MB per run).
inline constexpr const char* kScratchFolder = "spark-scratch";

// Makes `root` ready for a driver the host starts, before its JVM starts: creates the root;
// removes from <root>/kScratchFolder what a Spark driver makes there (spark-*, blockmgr-*,
// artifacts-*, liblz4-java-*, snappy-*; nothing else, since --warehouse may name a folder that
// holds other things), creating the folder when missing, since Java does not create its
// java.io.tmpdir; writes <root>/kLog4jFile with the driver's log going to `driver_log`
// (host/driver_log_config.hpp). Only a run that holds the home (host/home_lock.hpp) may call
// it: no other driver then uses the home, so such folders were left by one that was killed.
// HostError naming the folder or file that cannot be written.
void prepare_storage_root(const fs::path& root, const fs::path& driver_log);

}  // namespace dbt_session::host
