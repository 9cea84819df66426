#pragma once
// What the run needs in the Python environment before anything starts (a JVM, dbt): the
// packages it imports, each named with the pip command that adds it. Without this, a missing
// package surfaces as a ModuleNotFoundError deep in dbt's plugin loading or in Spark start-up.
namespace dbt_session::host {

// HostError naming the missing package, the environment (sys.prefix) and the fix. Needs the GIL.
void require_installed_packages();

}  // namespace dbt_session::host
