#pragma once
// The log4j2 configuration a created session's driver JVM reads (named in its Java options by
// host/spark_settings), written as <storage root>/kLog4jFile before the JVM starts. Spark's
// own console logging would print every WARN and each failed task's stack among dbt's lines:
// the driver's log (WARN and above) goes to a file instead, and the console shows its ERRORs
// one line each, except the task failure stacks Spark logs for every task of a cancelled or
// failed job (dbt reports the failure itself).
#include <filesystem>
#include <string>

namespace dbt_session::host {

inline constexpr const char* kLog4jFile = "log4j2.properties";
inline constexpr const char* kDriverLogFile = "spark-driver.log";

// `text` (UTF-8) as a value of a .properties file, which log4j reads as ISO-8859-1
// (java.util.Properties.load(InputStream)) and then expands ${lookups} in: backslashes doubled,
// "${" escaped as "$${", every other character beyond ASCII as \uXXXX.
std::string properties_value(const std::string& text);

// The configuration's text, with the driver's log written to `driver_log`.
std::string log4j_properties(const std::filesystem::path& driver_log);

}  // namespace dbt_session::host
