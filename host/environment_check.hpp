#pragma once
// What the run needs in the Python environment before anything starts (a JVM, dbt):
// dbt-databricks, named with the pip command that adds it. Without this, it surfaces as a
// ModuleNotFoundError in dbt's plugin loading. (pyspark is needed only by `method: session`
// targets: the session credentials say so, adapter_py/dbt_session/credentials.py.)
namespace dbt_session::host {

// HostError naming the environment (sys.prefix) and the wheel to install. Needs the GIL.
void require_dbt_databricks();

}  // namespace dbt_session::host
