#pragma once
// What the virtualenv holds: package versions and the Spark line they make, read from the
// venv's package metadata through dbt_session.spark_line (no JVM is started). Needs a running
// interpreter.
#include <string>

namespace dbt_session::host {

// "dbt-session 0.1.0\nPython 3.11.7\npyspark 4.0.1\n...\nSpark line: 4.0 (...)".
std::string version_report();

// HostError (exit 2) naming the version found and what is supported, when the venv's pyspark
// is older than Spark 3.5. Checked before any session is created or attached.
void require_supported_pyspark();

}  // namespace dbt_session::host
