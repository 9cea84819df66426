#pragma once
// How the host ends its process once dbt has returned or a second signal came: without
// finalizing Python. Finalization joins every non-daemon thread (threading._shutdown), and a
// Python model may leave one looping forever, and dbt's workers an interrupt left behind may
// still be inside the JVM. So the host runs only what finalization would and must: Python's exit
// functions (logging's flush, the unlinking of dbt's named semaphores), then flushes and calls
// _exit.

namespace dbt_session::host {

// Ends the process with `code` at once, after flushing what was logged: no unwinding, no
// interpreter finalization.
[[noreturn]] void exit_flushed(int code);

// Ends the process with `code` after Python's exit functions and a flush of sys.stdout and
// sys.stderr. Spark has been stopped and dbt has returned. GIL held.
[[noreturn]] void end_without_finalizing(int code);

// Unlinks dbt's named multiprocessing semaphores only, for an end that cannot wait for the
// other exit functions (a second signal). GIL held; never throws.
void release_named_semaphores();

}  // namespace dbt_session::host
