#include "host/dbt_invocation.hpp"

#include <pybind11/stl.h>
#include <spdlog/spdlog.h>

#include "bindings/error_translation.hpp"
#include "host/profile_reader.hpp"

namespace dbt_session::host {
namespace py = pybind11;

int exit_code_for(DbtOutcome outcome) {
  switch (outcome) {
    case DbtOutcome::kSuccess:
      return 0;
    case DbtOutcome::kFailure:
      return 1;
    case DbtOutcome::kError:
      return 2;
    case DbtOutcome::kInterrupted:
      return 130;
  }
  return 2;
}

namespace {

// One quiet line on where the models' time went; a report, so it never changes the outcome.
void report_spark_time(const py::object& result) {
  try {
    const py::object line =
        py::module_::import("dbt_session.run_summary").attr("describe")(result.attr("result"));
    if (!line.is_none()) spdlog::info("{}", line.cast<std::string>());
  } catch (py::error_already_set& error) {
    spdlog::debug("no Spark time summary: {}", error.what());
  }
}

// The arguments as Python decodes its own command line (os.fsdecode: surrogateescape), so a
// byte that is not UTF-8 (a folder's name on a file system that is not) reaches dbt as it would
// from `dbt`, instead of failing the run before dbt with a UnicodeDecodeError.
py::list python_arguments(const std::vector<std::string>& args) {
  py::list decoded;
  for (const std::string& arg : args) {
    decoded.append(py::reinterpret_steal<py::str>(
        PyUnicode_DecodeFSDefaultAndSize(arg.data(), static_cast<Py_ssize_t>(arg.size()))));
  }
  return decoded;
}

}  // namespace

DbtOutcome invoke_dbt(const std::vector<std::string>& args) {
  // The one substitution point (DESIGN.md): dbt.adapters.databricks.Plugin is rebound to the
  // session plugin before dbt loads any profile.
  py::module_::import("dbt_session.plugin").attr("install")();
  const auto console = py::module_::import("dbt_session.console");
  console.attr("quiet_keyboard_interrupt")();
  console.attr("quiet_py4j_debug")();
  console.attr("quiet_upload_without_flags")();
  console.attr("quiet_closed_console")();
  console.attr("redeliver_swallowed_interrupts")();
  // dbt-core reads a profile of the wrong shape with a traceback: the key it tripped on is
  // named instead, if dbt fails on it (a command that reads no profile does not).
  const auto shape_problem = profile_shape_problem(profile_lookup(args));
  console.attr("quiet_crash_reports")(shape_problem.has_value());
  const py::object runner = py::module_::import("dbt.cli.main").attr("dbtRunner")();
  const py::object result = runner.attr("invoke")(python_arguments(args));
  report_spark_time(result);
  if (result.attr("success").cast<bool>()) return DbtOutcome::kSuccess;

  const py::object exception = result.attr("exception");
  if (exception.is_none()) return DbtOutcome::kFailure;  // dbt ran; a node failed
  // Also an error raised while handling the interrupt (dbt_session.console says which).
  if (console.attr("caused_by_interrupt")(exception).cast<bool>()) return DbtOutcome::kInterrupted;
  // dbt has already reported its own errors; anything else it caught is reported here,
  // without a bare traceback.
  const auto dbt_error = py::module_::import("dbt_common.exceptions").attr("DbtBaseException");
  const std::string text = bindings::utf8_text(exception);
  const std::string type = py::str(exception.get_type().attr("__name__")).cast<std::string>();
  if (type == "DbtUsageException") {
    // dbtRunner passes click's usage error on without click's usage lines.
    spdlog::error(
        "{} (dbt's options: dbt-session <dbt command> --help; dbt-session's own, "
        "which go before the dbt command: dbt-session --help)",
        explain_usage_error(text, profile_lookup(args)));
  } else if (!py::isinstance(exception, dbt_error)) {
    // dbt-core indexing a list or a string as a mapping: its TypeError or AttributeError.
    const bool shape_error = type == "TypeError" || type == "AttributeError";
    spdlog::error("{}", shape_problem && shape_error ? *shape_problem
                                                     : "dbt stopped with " + type + ": " + text);
  } else {
    spdlog::debug("dbt stopped: {}", text);
  }
  return DbtOutcome::kError;
}

}  // namespace dbt_session::host
