#include "host/driver_log_config.hpp"

namespace dbt_session::host {

std::string properties_value(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  const auto unicode_escape = [](std::string& out, unsigned long unit) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(unit >> shift) & 0xF];
  };
  std::string value;
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte == '\\') {
      value += "\\\\";
    } else if (byte == '$' && at + 1 < text.size() && text[at + 1] == '{') {
      value += "$$";  // log4j's escape of a ${lookup}
    } else if (byte < 0x80) {
      value += static_cast<char>(byte);
    }
    if (byte < 0x80) {
      ++at;
      continue;
    }
    // A UTF-8 sequence: its code point, as UTF-16 units (a surrogate pair above U+FFFF).
    const int length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    unsigned long code_point = length == 1 ? byte : byte & (0x7F >> length);
    bool valid = length > 1 && at + static_cast<std::size_t>(length) <= text.size();
    for (int index = 1; valid && index < length; ++index) {
      const auto next = static_cast<unsigned char>(text[at + static_cast<std::size_t>(index)]);
      valid = (next & 0xC0) == 0x80;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (!valid) {  // not UTF-8: the byte as the ISO-8859-1 character the file is read as
      unicode_escape(value, byte);
      ++at;
      continue;
    }
    if (code_point > 0xFFFF) {
      code_point -= 0x10000;
      unicode_escape(value, 0xD800 + (code_point >> 10));
      unicode_escape(value, 0xDC00 + (code_point & 0x3FF));
    } else {
      unicode_escape(value, code_point);
    }
    at += static_cast<std::size_t>(length);
  }
  return value;
}

std::string log4j_properties(const std::filesystem::path& driver_log) {
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
         properties_value(driver_log.string()) + R"(
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
# FAIR mode without an allocation file: each dbt thread's pool (bindings/job_labels) is made on
# first use with Spark's defaults, which Spark reports at start and once per pool.
logger.fairpools.name = org.apache.spark.scheduler.FairSchedulableBuilder
logger.fairpools.level = error
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
