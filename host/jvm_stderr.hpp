#pragma once
// The standard error of the driver JVM dbt-session starts, seen by the user through a filter.
// Spark 4's launcher starts every JVM with --add-modules=jdk.incubator.vector
// (org.apache.spark.launcher.JavaModuleOptions), so the JVM prints "WARNING: Using incubator
// modules: jdk.incubator.vector" at each start, and no JVM flag silences that warning. A Java
// stack trace's frames ("\tat ..." and "\t... 9 more" lines) are dropped too: spark-submit
// prints its own start-up failure with one (`--master yarn` without HADOOP_CONF_DIR), before
// Spark's log is set up, and its first line, which says why, is kept.
// Everything else the JVM writes there (log4j's one-line console ERRORs, its Python workers'
// output) passes unchanged; Spark's own log goes to spark-driver.log (host/spark_settings).
//
// pyspark starts the JVM as a child that inherits the host's fd 2. While a JvmStderrFilter
// lives, fd 2 is a pipe whose reader thread forwards lines to the real standard error; the JVM
// keeps that pipe for its life, the host's fd 2 is the real one again once the filter ends.
#include <string_view>

namespace dbt_session::host {

// A line of the JVM's that tells a dbt user nothing.
bool is_jvm_noise(std::string_view line);

class JvmStderrFilter {
 public:
  JvmStderrFilter();   // fd 2 becomes the pipe (nothing changes if a pipe cannot be made)
  ~JvmStderrFilter();  // fd 2 is the real standard error again
  JvmStderrFilter(const JvmStderrFilter&) = delete;
  JvmStderrFilter& operator=(const JvmStderrFilter&) = delete;

 private:
  int saved_stderr_ = -1;
};

}  // namespace dbt_session::host
