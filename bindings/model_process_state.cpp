#include "bindings/model_process_state.hpp"

namespace dbt_session::bindings {
namespace {

struct Saved {
  py::object cwd;
  py::dict environ;
  py::list path;
  py::object stdout_stream;
  py::object stderr_stream;
  py::list warning_filters;
  py::object root_level;
  py::list root_handlers;
  py::object logging_disabled;
  py::object recursion_limit;
};

// Both only change with the GIL held. `saved` exists only while a model runs, so no Python
// object outlives the interpreter in a static's destructor.
int models_running = 0;
Saved* saved = nullptr;

// A new list: py::list(a list) is the same list, not a copy.
py::list copy_of(const py::object& list) {
  return list.attr("copy")();
}

py::object whole_slice() {
  return py::reinterpret_steal<py::object>(PySlice_New(nullptr, nullptr, nullptr));
}

Saved take() {
  const auto os = py::module_::import("os");
  const auto sys = py::module_::import("sys");
  const auto logging = py::module_::import("logging");
  const py::object root = logging.attr("getLogger")();
  return Saved{os.attr("getcwd")(),
               py::dict(os.attr("environ")),
               copy_of(sys.attr("path")),
               sys.attr("stdout"),
               sys.attr("stderr"),
               copy_of(py::module_::import("warnings").attr("filters")),
               root.attr("level"),
               copy_of(root.attr("handlers")),
               logging.attr("root").attr("manager").attr("disable"),
               sys.attr("getrecursionlimit")()};
}

// Each part on its own, so that one that cannot be put back (a deleted working directory)
// leaves the others restored. An interrupt that lands here finds the model already ended;
// the run's interruption is recorded apart from the exception that delivered it.
template <typename Restore>
void put_back(Restore&& restore) {
  try {
    restore();
  } catch (py::error_already_set&) {
  }
}

void restore(const Saved& state) {
  const auto os = py::module_::import("os");
  const auto sys = py::module_::import("sys");
  put_back([&] {
    if (!os.attr("getcwd")().equal(state.cwd)) os.attr("chdir")(state.cwd);
  });
  put_back([&] {
    const py::object environ = os.attr("environ");
    for (const auto& key : py::list(environ)) {
      if (!state.environ.contains(key)) environ.attr("__delitem__")(key);
    }
    for (const auto& [key, value] : state.environ) {
      if (!environ.attr("get")(key).equal(value)) environ.attr("__setitem__")(key, value);
    }
  });
  put_back([&] {
    if (!py::list(sys.attr("path")).equal(state.path))
      sys.attr("path").attr("__setitem__")(whole_slice(), state.path);
  });
  put_back([&] {
    if (sys.attr("stdout").ptr() != state.stdout_stream.ptr())
      sys.attr("stdout") = state.stdout_stream;
    if (sys.attr("stderr").ptr() != state.stderr_stream.ptr())
      sys.attr("stderr") = state.stderr_stream;
  });
  put_back([&] {
    const auto warnings = py::module_::import("warnings");
    if (py::list(warnings.attr("filters")).equal(state.warning_filters)) return;
    warnings.attr("filters").attr("__setitem__")(whole_slice(), state.warning_filters);
    // What warnings.catch_warnings does on exit: the per-module "already warned" registries
    // are keyed to the filters' version.
    if (py::hasattr(warnings, "_filters_mutated")) warnings.attr("_filters_mutated")();
  });
  put_back([&] {
    const auto logging = py::module_::import("logging");
    const py::object root = logging.attr("getLogger")();
    if (!py::object(root.attr("level")).equal(state.root_level))
      root.attr("setLevel")(state.root_level);
    if (!py::list(root.attr("handlers")).equal(state.root_handlers))
      root.attr("handlers").attr("__setitem__")(whole_slice(), state.root_handlers);
    const py::object disabled = logging.attr("root").attr("manager").attr("disable");
    if (!disabled.equal(state.logging_disabled)) logging.attr("disable")(state.logging_disabled);
  });
  put_back([&] {
    if (!sys.attr("getrecursionlimit")().equal(state.recursion_limit))
      sys.attr("setrecursionlimit")(state.recursion_limit);
  });
}

}  // namespace

ModelProcessState::ModelProcessState() {
  if (models_running == 0) saved = new Saved(take());
  ++models_running;
}

ModelProcessState::~ModelProcessState() {
  if (--models_running > 0) return;
  restore(*saved);
  delete saved;
  saved = nullptr;
}

}  // namespace dbt_session::bindings
