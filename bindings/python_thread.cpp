#include "bindings/python_thread.hpp"

#include <utility>

namespace dbt_session::bindings {

py::object start_python_thread(const std::string& name, std::function<void()> work, bool daemon) {
  const py::cpp_function target(std::move(work));
  py::object thread = py::module_::import("threading")
                          .attr("Thread")(py::arg("target") = target, py::arg("name") = name,
                                          py::arg("daemon") = daemon);
  thread.attr("start")();
  return thread;
}

}  // namespace dbt_session::bindings
