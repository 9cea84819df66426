#pragma once
// SIGINT and SIGTERM before the run's signal watcher (host/signal_watcher) exists: while the
// host finds its Python, dbt is imported, the profile is read and a session's preflight runs.
// Nothing has started then that a signal must stop, and Python code that catches every error
// would take a KeyboardInterrupt for a failure of its own ("dbt-databricks is not installed"),
// while SIGTERM's default action ends the process without a word. So the first such signal
// ends the process at once with 130 and one line on stderr. The host sets Python's SIGINT
// handler and then the watcher's handlers over these when the run starts.

//
// Exec hosting replaces the process image, which resets caught signals to their default action
// until the new Python has run its first lines (and its `site` imports, which catch a
// KeyboardInterrupt and go on). So the two signals are blocked across the exec: one that comes
// meanwhile waits, and the new Python's first lines (exec_python's bootstrap) end the process
// the same way, then unblock them.

#include <string_view>

namespace dbt_session::host {

// The line on stderr, without its newline.
inline constexpr std::string_view kInterruptedBeforeStart =
    "dbt-session: interrupted before the run started";

// Installs the handlers; async-signal-safe ones (write, _exit).
void end_on_signal_until_watched();

// Blocks SIGINT and SIGTERM in this thread (an exec keeps the mask); `unblock` undoes it, for
// an exec that failed.
void hold_signals_across_exec();
void unblock_held_signals();

}  // namespace dbt_session::host
