// bindings/session_source.hpp: the early start of a command that will query, on a thread of
// its own, and the failure it hands to the first caller that needs the session.
#include <doctest/doctest.h>
#include <pybind11/embed.h>

#include <string>
#include <thread>

#include "bindings/session_source.hpp"

namespace {

namespace py = pybind11;
using dbt_session::bindings::SessionSource;

struct Starts {
  int count = 0;
  std::thread::id thread;
};

// A factory that fails as a JVM that cannot start does, recording where it ran.
SessionSource& failing_source(Starts& starts, bool early) {
  SessionSource& source = SessionSource::instance();
  source.use_factory(
      [&starts]() -> py::object {
        ++starts.count;
        starts.thread = std::this_thread::get_id();
        PyErr_SetString(PyExc_RuntimeError, "this JVM cannot start");
        throw py::error_already_set();
      },
      "a test factory", false, early);
  return source;
}

std::string root_error(SessionSource& source) {
  try {
    source.root();
  } catch (py::error_already_set& error) {
    return error.matches(PyExc_RuntimeError) ? py::str(error.value()).cast<std::string>()
                                             : "another error";
  }
  return "no error";
}

}  // namespace

TEST_CASE("an early start runs on a thread of its own and hands its error to one caller") {
  Starts starts;
  SessionSource& source = failing_source(starts, /*early=*/true);
  source.start_early();
  source.join_early_start();
  CHECK(starts.count == 1);
  CHECK((starts.thread != std::this_thread::get_id()));
  CHECK_FALSE(source.has_session());

  CHECK(root_error(source) == "this JVM cannot start");
  CHECK(starts.count == 1);  // the early start's failure, not a second start
  CHECK(root_error(source) == "this JVM cannot start");
  CHECK(starts.count == 2);  // a later caller starts again, on its own thread
  CHECK((starts.thread == std::this_thread::get_id()));
  source.reset();
}

TEST_CASE("a factory not marked early starts only when the session is first needed") {
  Starts starts;
  SessionSource& source = failing_source(starts, /*early=*/false);
  source.start_early();
  source.join_early_start();
  CHECK(starts.count == 0);
  CHECK(root_error(source) == "this JVM cannot start");
  CHECK(starts.count == 1);
  source.reset();
}
