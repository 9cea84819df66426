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
  // SPARK_LOCAL_IP for the driver JVM, when dbt-session sets it: the Spark UI has no conf
  // for its address and binds SPARK_LOCAL_IP, else 0.0.0.0 (WebUI.initServer, Spark 3.5/4.0).
  std::optional<std::string> spark_local_ip;
};

// The value a key ends up with (the last entry of that key); nullopt when not set.
std::optional<std::string> effective(const SparkSettings& settings, const std::string& key);

// `value` as one word of a Java options string (spark.driver.defaultJavaOptions), which Spark's
// launcher splits at whitespace with shell-like quoting (CommandBuilderUtils.parseOptionString):
// single-quoted when it holds whitespace, quotes or backslashes, else unchanged.
std::string java_option_word(const std::string& value);

// $DBT_SESSION_HOME, else $XDG_DATA_HOME/dbt-session, else ~/.local/share/dbt-session.
fs::path default_storage_root(const std::optional<std::string>& dbt_session_home,
                              const std::optional<std::string>& xdg_data_home,
                              const std::optional<std::string>& home);

// The jars in one folder of the cache (dbt_session.delta_jars.installed_folder(): one folder
// per Delta version and Scala line), sorted. HostError naming the folder and the
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
// when given, else default_storage_root(). Any path works, spaces and `;` included: the Derby
// URL names the metastore relative to derby.system.home (`;` separates a Derby URL's
// attributes and cannot be escaped in it), and the Java options are quoted. A local master's
// driver (RPC, block manager, UI) listens on 127.0.0.1 only, unless `spark_local_ip` (the
// environment's SPARK_LOCAL_IP) already chooses an address; --conf spark.driver.bindAddress
// and spark.driver.host override it, and the UI follows spark.driver.bindAddress.
SparkSettings spark_settings(const HostOptions& options, const fs::path& storage_root,
                             const std::vector<fs::path>& jars,
                             const std::optional<std::string>& spark_local_ip = std::nullopt);

}  // namespace dbt_session::host
