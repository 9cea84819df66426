#pragma once
// The one function the launcher looks up in the native module after loading it with libpython
// (host/python_hosting). A C signature, because the two are separate binaries.

// Starts the interpreter with `python` as its executable, appends `paths` to sys.path, runs
// dbt-session with `args` (what follows the program name) and finalizes; dbt's exit code.
extern "C" int dbt_session_run_embedded(const char* python, int path_count,
                                        const char* const* paths, int arg_count,
                                        const char* const* args);

namespace dbt_session::host {
inline constexpr const char* kEmbeddedEntry = "dbt_session_run_embedded";
}  // namespace dbt_session::host
