#include "host/spark_settings.hpp"

#include <algorithm>

#include "host/host_error.hpp"
#include "host/session_strategy.hpp"

namespace dbt_session::host {
namespace {

// Delta's own jar, as opposed to delta-storage or dbt-session's catalog alias jar (make jars)
// that share its folder.
bool is_delta_spark_jar(const fs::path& path) {
  return path.filename().string().rfind("delta-spark", 0) == 0 && path.extension() == ".jar";
}

fs::path home_relative(const std::optional<std::string>& home, const char* relative) {
  if (!home || home->empty())
    throw HostError("HOME is not set: pass --warehouse or set DBT_SESSION_HOME");
  return fs::path(*home) / relative;
}

}  // namespace

fs::path default_storage_root(const std::optional<std::string>& dbt_session_home,
                              const std::optional<std::string>& xdg_data_home,
                              const std::optional<std::string>& home) {
  if (dbt_session_home && !dbt_session_home->empty()) return *dbt_session_home;
  if (xdg_data_home && !xdg_data_home->empty()) return fs::path(*xdg_data_home) / "dbt-session";
  return home_relative(home, ".local/share/dbt-session");
}

bool has_delta_spark_jar(const fs::path& folder) {
  if (!fs::is_directory(folder)) return false;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (is_delta_spark_jar(entry.path())) return true;
  }
  return false;
}

std::vector<fs::path> delta_jars(const fs::path& folder) {
  std::vector<fs::path> jars;
  if (fs::is_directory(folder)) {
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.path().extension() == ".jar") jars.push_back(entry.path());
    }
  }
  // Checked on the listing just made rather than by listing the folder again.
  if (std::none_of(jars.begin(), jars.end(), is_delta_spark_jar)) {
    throw HostError("Delta Lake jars are not in " + folder.string() +
                    ": run `make jars` (or python -m dbt_session.delta_jars in the virtualenv)");
  }
  std::sort(jars.begin(), jars.end());
  return jars;
}

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
      // The Derby home (the metastore, derby.log) is the storage root, not the dbt project;
      // Spark's console logging quietened (log4j_properties below). The driver's default
      // options, to which Spark appends a --conf spark.driver.extraJavaOptions.
      {"spark.driver.defaultJavaOptions",
       java_option_word("-Dderby.system.home=" + root.string()) + " " +
           java_option_word("-Dlog4j2.configurationFile=file:" + (root / kLog4jFile).string())},
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

std::string log4j_properties(const fs::path& driver_log) {
  return R"(# Written by dbt-session: Spark's driver log, WARN and above, goes to a file; its ERRORs
# also go to stderr, one line each with the exception's message (its stack stays in the file),
# except the per-task failures of cancelled or failed jobs.
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
rootLogger.appenderRef.stderr.ref = console
appender.file.type = File
appender.file.name = file
appender.file.append = false
appender.file.fileName = )" +
         driver_log.string() + R"(
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss} %p %c: %m%n%ex
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.filter.threshold.type = ThresholdFilter
appender.console.filter.threshold.level = error
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss}  spark: %p %c{1}: %m%notEmpty{: %ex{short.message}}%n
appender.console.layout.alwaysWriteExceptions = false
# "Aborting task" and "Exception in task" with a stack per task: to the file only.
logger.aborting.name = org.apache.spark.util.Utils
logger.aborting.level = warn
logger.aborting.additivity = false
logger.aborting.appenderRef.file.ref = file
logger.executor.name = org.apache.spark.executor.Executor
logger.executor.level = warn
logger.executor.additivity = false
logger.executor.appenderRef.file.ref = file
logger.tasksets.name = org.apache.spark.scheduler.TaskSetManager
logger.tasksets.level = warn
logger.tasksets.additivity = false
logger.tasksets.appenderRef.file.ref = file
logger.writer.name = org.apache.spark.sql.execution.datasources
logger.writer.level = warn
logger.writer.additivity = false
logger.writer.appenderRef.file.ref = file
logger.deltawriter.name = org.apache.spark.sql.delta.files
logger.deltawriter.level = warn
logger.deltawriter.additivity = false
logger.deltawriter.appenderRef.file.ref = file
# A CREATE OR REPLACE of a Delta table in the Hive metastore changes the table id, which
# Delta reports with a dump of both snapshots, and Hive logs a failed "compatible" schema
# alter with a stack trace, although the replace succeeds (Delta keeps the real schema in
# its log and Spark falls back to its own metastore format).
logger.deltalog.name = org.apache.spark.sql.delta.DeltaLog
logger.deltalog.level = error
logger.deltatxn.name = org.apache.spark.sql.delta.OptimisticTransaction
logger.deltatxn.level = error
logger.hivealter.name = org.apache.hadoop.hive.metastore.HiveAlterHandler
logger.hivealter.level = off
logger.hmshandler.name = org.apache.hadoop.hive.metastore.RetryingHMSHandler
logger.hmshandler.level = off
logger.hivecatalog.name = org.apache.spark.sql.hive.HiveExternalCatalog
logger.hivecatalog.level = error
# Notices of a new embedded metastore and of local hosts, printed on every start.
logger.objectstore.name = org.apache.hadoop.hive.metastore.ObjectStore
logger.objectstore.level = error
logger.hiveconf.name = org.apache.hadoop.hive.conf.HiveConf
logger.hiveconf.level = error
logger.hivesession.name = org.apache.hadoop.hive.ql.session.SessionState
logger.hivesession.level = error
logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
logger.nativecode.level = error
logger.stringutils.name = org.apache.spark.sql.catalyst.util.SparkStringUtils
logger.stringutils.level = error
)";
}

}  // namespace dbt_session::host
