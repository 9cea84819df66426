#include "host/process_end.hpp"

#include <pybind11/pybind11.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cstdio>

namespace dbt_session::host {
namespace py = pybind11;

void exit_flushed(int code) {
  spdlog::default_logger()->flush();
  std::fflush(nullptr);
  _exit(code);
}

void end_without_finalizing(int code) {
  try {
    // What finalization would run first, and what is still needed: logging's flush, and
    // multiprocessing's release of dbt's named semaphores (its resource tracker warns about
    // "leaked semaphore objects" otherwise).
    py::module_::import("atexit").attr("_run_exitfuncs")();
  } catch (py::error_already_set&) {
    // An exit function's error was printed by atexit itself.
  }
  try {
    const auto sys = py::module_::import("sys");
    sys.attr("stdout").attr("flush")();
    sys.attr("stderr").attr("flush")();
  } catch (py::error_already_set&) {
    // Closed streams: nothing to flush.
  }
  exit_flushed(code);
}

// dbt's locks are named semaphores of multiprocessing's spawn context, each unlinked by an exit
// finalizer (SemLock._cleanup); without it, multiprocessing's resource tracker prints a
// "leaked semaphore objects" warning as the process ends. The other finalizers (dbt's thread
// pool) could wait for threads that are inside the JVM, so only these run.
void release_named_semaphores() {
  try {
    const py::dict modules = py::module_::import("sys").attr("modules");
    if (!modules.contains("multiprocessing.synchronize")) return;  // no semaphore was made
    const py::object cleanup =
        modules["multiprocessing.synchronize"].attr("SemLock").attr("_cleanup");
    const py::object registry = modules["multiprocessing.util"].attr("_finalizer_registry");
    for (const auto finalizer : py::list(registry.attr("values")())) {
      if (py::getattr(finalizer, "_callback", py::none()).is(cleanup)) finalizer();
    }
  } catch (py::error_already_set&) {
    // Another Python's multiprocessing internals: the warning, at worst.
  }
}

}  // namespace dbt_session::host
