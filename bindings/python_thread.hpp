#pragma once
// Threads the bindings start are Python threads (threading.Thread with a C++ target): the
// interpreter knows them, so finalization joins the non-daemon ones (a plain Python program
// calling dbt_session.run ends after them), threading.enumerate lists them, and they take and
// release the GIL as any Python thread does.
#include <pybind11/pybind11.h>

#include <functional>
#include <string>

namespace dbt_session::bindings {

namespace py = pybind11;

// Starts `work` on a new Python thread named `name`; returns the threading.Thread. GIL held.
py::object start_python_thread(const std::string& name, std::function<void()> work, bool daemon);

}  // namespace dbt_session::bindings
