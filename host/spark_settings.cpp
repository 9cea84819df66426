#include "host/spark_settings.hpp"

#include "host/driver_log_config.hpp"
#include "host/session_strategy.hpp"
#include "host/storage_root.hpp"

namespace dbt_session::host {

std::optional<std::string> effective(const SparkSettings& settings, const std::string& key) {
  std::optional<std::string> value;
  for (const auto& [name, entry] : settings.conf) {
    if (name == key) value = entry;
  }
  return value;
}

std::string java_option_word(const std::string& value) {
  if (value.find_first_of(" \t\n\r\f\v'\"\\") == std::string::npos && !value.empty()) return value;
  std::string quoted = "'";
  for (const char c : value) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

SparkSettings spark_settings(const HostOptions& options, const fs::path& storage_root,
                             const std::vector<fs::path>& jars,
                             const std::optional<std::string>& spark_local_ip) {
  SparkSettings settings;
  settings.master = options.master.value_or("local[*]");
  std::string jar_list;
  for (const auto& jar : jars) jar_list += (jar_list.empty() ? "" : ",") + jar.string();
  const fs::path& root = storage_root;
  settings.conf = {
      {"spark.app.name", "dbt-session"},
      {"spark.jars", jar_list},
      {"spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension"},
      {"spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"},
      // dbt-databricks' default catalog name, resolved to the session catalog
      // (bindings/catalog_alias.hpp explains how).
      {"spark.sql.catalog.hive_metastore", "org.apache.spark.sql.delta.catalog.DeltaCatalog"},
      // A persistent Hive metastore (embedded Derby) and warehouse, so the next invocation
      // sees this one's tables. Derby admits one JVM at a time per metastore (host/home_lock).
      // The database is named relative to derby.system.home (set below), so the root's path
      // never enters the URL, whose attributes `;` separates.
      {"spark.sql.catalogImplementation", "hive"},
      {"spark.sql.warehouse.dir", (root / "warehouse").string()},
      {"spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:metastore_db;create=true"},
      // Hive's session makes a resources folder it removes only when the session closes, which
      // Spark never does: by default a new /tmp/<session id>_resources on every run.
      {"spark.hadoop.hive.downloaded.resources.dir", (root / "hive-resources").string()},
      // The Derby home (the metastore, derby.log) is the storage root, not the dbt project;
      // Spark's console logging quietened (host/driver_log_config.hpp); the driver's scratch
      // in the root too (host/storage_root.hpp, kScratchFolder). The driver's default
      // options, to which Spark appends a --conf spark.driver.extraJavaOptions.
      {"spark.driver.defaultJavaOptions",
       java_option_word("-Dderby.system.home=" + root.string()) + " " +
           java_option_word("-Dlog4j2.configurationFile=file:" + (root / kLog4jFile).string()) +
           " " + java_option_word("-Djava.io.tmpdir=" + (root / kScratchFolder).string())},
      {"spark.ui.showConsoleProgress", "false"},
      // A Databricks runtime's defaults where OSS Spark's differ (docs/compatibility.md): a
      // table whose SQL names no format (CREATE TABLE … AS SELECT without USING, common in
      // hooks and operations) and a DataFrame write without format() are Delta, not a Hive
      // table (which refuses DELETE, UPDATE and MERGE) or parquet.
      {"spark.sql.legacy.createHiveTableByDefault", "false"},
      {"spark.sql.sources.default", "delta"},
      // Each dbt thread's jobs go to a pool of their own (bindings/job_labels.cpp): with FAIR
      // scheduling the pools share the executors' cores, so a long model no longer holds
      // every core while the other threads' short models wait behind it (FIFO's order).
      {"spark.scheduler.mode", "FAIR"},
  };
  // SPARK_LOCAL_IP already chooses the driver's address when set: Spark's own choice then.
  const bool address_chosen = spark_local_ip && !spark_local_ip->empty();
  if (is_local_master(settings.master)) {
    // One machine: Spark's 200 shuffle partitions and Delta's 50 snapshot partitions turn
    // every small dbt statement into hundreds of tasks on a couple of cores.
    settings.conf.emplace_back("spark.sql.shuffle.partitions", "4");
    settings.conf.emplace_back("spark.databricks.delta.snapshotPartitions", "4");
    // Nothing off this machine needs the driver: its RPC, block manager and UI (whose kill
    // links stop jobs) listen on loopback, not on every interface.
    if (!address_chosen) {
      settings.conf.emplace_back("spark.driver.bindAddress", "127.0.0.1");
      settings.conf.emplace_back("spark.driver.host", "127.0.0.1");
    }
  }
  settings.conf.insert(settings.conf.end(), options.spark_conf.begin(), options.spark_conf.end());
  if (is_local_master(settings.master) && !address_chosen) {
    settings.spark_local_ip = effective(settings, "spark.driver.bindAddress");
  }
  return settings;
}

}  // namespace dbt_session::host
