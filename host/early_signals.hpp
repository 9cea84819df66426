#pragma once
// SIGINT and SIGTERM before the run's signal watcher (host/signal_watcher) exists: while the
// host finds its Python, dbt is imported, the profile is read and a session's preflight runs.
// Nothing has started then that a signal must stop, and Python code that catches every error
// would take a KeyboardInterrupt for a failure of its own ("dbt-databricks is not installed"),
// while SIGTERM's default action ends the process without a word. So the first such signal
// ends the process at once with 130 and one line on stderr. The host sets Python's SIGINT
// handler and then the watcher's handlers over these when the run starts.

namespace dbt_session::host {

// Installs the handlers; async-signal-safe ones (write, _exit).
void end_on_signal_until_watched();

}  // namespace dbt_session::host
