#pragma once
// The configuration of a SparkSession the host creates (local or spark:// standalone):
// Delta Lake, the hive_metastore catalog alias, a persistent warehouse and metastore, the
// Delta jars from the local cache (never downloaded at run time), then the user's --conf.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/command_line.hpp"

namespace dbt_session::host {

namespace fs = std::filesystem;

struct SparkSettings {
  std::string master;
  std::vector<std::pair<std::string, std::string>> conf;  // applied in order; later wins
};

// $DBT_SESSION_HOME, else $XDG_DATA_HOME/dbt-session, else ~/.local/share/dbt-session.
fs::path default_storage_root(const std::optional<std::string>& dbt_session_home,
                              const std::optional<std::string>& xdg_data_home,
                              const std::optional<std::string>& home);

// $DBT_SESSION_JAR_CACHE, else $XDG_CACHE_HOME/dbt-session/jars, else ~/.cache/dbt-session/jars.
fs::path default_jar_cache(const std::optional<std::string>& jar_cache,
                           const std::optional<std::string>& xdg_cache_home,
                           const std::optional<std::string>& home);

// The jars in one folder of the cache (<cache>/<dbt_session.spark_line.jar_folder()>/*.jar,
// one folder per Delta version and Scala line), sorted. HostError naming the folder and the
// command that fills it when Delta's own jar is not there.
std::vector<fs::path> delta_jars(const fs::path& folder);

// Whether the folder holds Delta's own jar (it may also hold dbt-session's Connect catalog
// alias jar, which is no Delta).
bool has_delta_spark_jar(const fs::path& folder);

// The log4j2 configuration the driver reads, written as <storage root>/kLog4jFile. The driver's
// log (WARN and above) goes to `driver_log`; the console shows its ERRORs, except the task
// failure stacks Spark logs for every task of a cancelled or failed job (dbt reports the
// failure itself).
inline constexpr const char* kLog4jFile = "log4j2.properties";
inline constexpr const char* kDriverLogFile = "spark-driver.log";
std::string log4j_properties(const fs::path& driver_log);

// `storage_root` holds warehouse/, metastore_db/, derby.log and the log4j2 file: --warehouse
// when given, else default_storage_root().
SparkSettings spark_settings(const HostOptions& options, const fs::path& storage_root,
                             const std::vector<fs::path>& jars);

}  // namespace dbt_session::host
