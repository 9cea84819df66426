#pragma once
// The JVM a created session runs in is a child of this process (pyspark starts spark-submit,
// which becomes the driver JVM). It exits by itself once this process has gone and it has
// seen its stdin close, but only after it has finished starting: a run interrupted while the
// JVM starts, or stopped at once by a second signal, ends it here.
#include <sys/types.h>

#include <set>

namespace dbt_session::host {

// This process's children that are a JVM or Spark's launch scripts (spark-submit,
// spark-class), read from /proc.
std::set<pid_t> spark_child_processes();

// Sends SIGTERM to each of spark_child_processes() not in `keep` (a JVM runs its shutdown
// hooks: Spark's temporary folders go). Safe from any thread; no Python.
void terminate_spark_children(const std::set<pid_t>& keep = {});

}  // namespace dbt_session::host
