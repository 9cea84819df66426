#pragma once
// How a Python model's failure is told: the lines of the user's file that led to it, numbered
// as in that file (dbt-databricks compiles the file with code of its own around it), the
// exception's own line, and what the user can do about the failures dbt-databricks' tail
// reports. Frames of dbt's generated code and of libraries are left out.
#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "bindings/python_model.hpp"

namespace dbt_session::bindings {

namespace py = pybind11;

// Line `compiled_line` of the code dbt-databricks compiled, numbered as in the user's file;
// nullopt for a line of dbt's generated code around the model's source.
std::optional<long> file_line(long compiled_line, const PythonModel& model, const SourceSpan& span);

// Raises dbt's DbtRuntimeError naming the model, its frames and the exception, from the
// exception. `name` is the compiled code's file name (code_name). Needs the model's
// linecache entry (frame source lines): call it before that goes.
[[noreturn]] void raise_model_error(py::error_already_set& error, const PythonModel& model,
                                    const std::string& name, const SourceSpan& span);

}  // namespace dbt_session::bindings
