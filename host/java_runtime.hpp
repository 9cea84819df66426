#pragma once
// A session dbt-session creates starts a JVM the way pyspark's launcher does: $JAVA_HOME/bin/java
// when JAVA_HOME is set, else `java` on PATH (spark-class). Looked up before Spark starts, so a
// machine without Java gets a sentence naming the fix instead of [JAVA_GATEWAY_EXITED] and a
// traceback half a minute later.
#include <filesystem>
#include <optional>
#include <string>

namespace dbt_session::host {

// The java a created session would run; HostError naming what was looked at and the fix.
std::filesystem::path require_java(const std::optional<std::string>& java_home,
                                   const std::optional<std::string>& path);

}  // namespace dbt_session::host
