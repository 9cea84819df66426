#pragma once
// The configuration of a SparkSession the host creates (local or spark:// standalone):
// Delta Lake, the hive_metastore catalog alias, a persistent warehouse and metastore under the
// storage root (host/storage_root.hpp), the Delta jars from the local cache
// (host/delta_jar_cache.hpp), the driver's log4j2 file (host/driver_log_config.hpp), then the
// user's --conf. The one definition: the suites and benchmarks get it through
// host/settings_binding.
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
