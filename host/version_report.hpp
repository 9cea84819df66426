#pragma once
#include <string>

namespace dbt_session::host {

// "dbt-session 0.1.0\nPython 3.11.7\npyspark 4.0.1\n..." read from the venv's package
// metadata (no JVM is started). Needs a running interpreter.
std::string version_report();

}  // namespace dbt_session::host
