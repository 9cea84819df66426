#include "bindings/python_model.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>

#include "bindings/error_translation.hpp"
#include "bindings/job_cancellation.hpp"
#include "bindings/job_labels.hpp"
#include "bindings/model_deadline.hpp"
#include "bindings/model_process_state.hpp"
#include "bindings/python_model_failure.hpp"
#include "bindings/run_interruption.hpp"
#include "bindings/session_source.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {
namespace {

// Registers (or, with `code` empty, removes) the model's source for tracebacks.
void set_linecache(const std::string& name, const std::string& code) {
  py::dict cache = py::module_::import("linecache").attr("cache");
  if (code.empty()) {
    if (cache.contains(name)) PyDict_DelItemString(cache.ptr(), name.c_str());
    return;
  }
  const py::list lines = py::str(code).attr("splitlines")(true);
  cache[py::str(name)] = py::make_tuple(code.size(), py::none(), lines, name);
}

// print() for the model: same signature as the builtin, text to dbt's debug log.
py::object model_print(const PythonModel& model, const py::object& log) {
  const std::string prefix = model.unique_id + ": ";
  return py::cpp_function([prefix, log](py::args values, py::kwargs options) {
    const py::object buffer = py::module_::import("io").attr("StringIO")();
    options["file"] = buffer;
    py::module_::import("builtins").attr("print")(*values, **options);
    log(prefix + utf8_text(buffer.attr("getvalue")().attr("rstrip")("\n")));
  });
}

// Whether `function` is the hook of that name installed here before (hooks replace process-wide
// attributes once, not once per model).
bool is_installed(const py::object& function, const char* hook_name) {
  return py::hasattr(function, "__name__") &&
         py::str(function.attr("__name__")).cast<std::string>() == hook_name;
}

// Where the warnings of this thread go while it runs a model: the model's log, by name.
struct ModelWarnings {
  std::string prefix;
  py::object log;
  std::string code_name;  // the compiled code's file name (code_name)
  const PythonModel& model;
  SourceSpan span;

  // "models/x.py, line 5" in the user's file, numbered as in it; "file:line" elsewhere.
  std::string where(const std::string& filename, long lineno) const {
    if (filename != code_name) return filename + ":" + std::to_string(lineno);
    if (const auto number = file_line(lineno, model, span))
      return model.path + ", line " + std::to_string(*number);
    return "dbt-databricks' generated code for " + model.path;
  }
};
thread_local const ModelWarnings* thread_model_warnings = nullptr;

constexpr const char* kShowWarningName = "dbt_session_show_warning";

// warnings.showwarning is process-wide (Python's documented hook for where warnings go) and
// dbt's workers run several models at once: one hook sends a warning raised on a thread that
// runs a model to that model's log, and any other warning where it went before.
void install_warnings_hook() {
  const auto warnings = py::module_::import("warnings");
  const py::object current = warnings.attr("showwarning");
  if (is_installed(current, kShowWarningName)) {
    return;
  }
  warnings.attr("showwarning") = py::cpp_function(
      [previous = current](py::object message, py::object category, py::object filename,
                           py::object lineno, py::object file, py::object line) {
        const ModelWarnings* model = thread_model_warnings;
        if (model == nullptr) {
          previous(message, category, filename, lineno, file, line);
          return;
        }
        model->log(model->prefix + py::str(category.attr("__name__")).cast<std::string>() + ": " +
                   utf8_text(message) + " (" +
                   model->where(py::str(filename), py::int_(lineno).cast<long>()) + ")");
      },
      py::name(kShowWarningName), py::arg("message"), py::arg("category"), py::arg("filename"),
      py::arg("lineno"), py::arg("file") = py::none(), py::arg("line") = py::none());
}

// Routes this thread's warnings to the model's log while the model runs.
class WarningsToLog {
 public:
  WarningsToLog(const PythonModel& model, const py::object& log, const std::string& name,
                const SourceSpan& span)
      : warnings_{model.unique_id + ": ", log, name, model, span} {
    install_warnings_hook();
    thread_model_warnings = &warnings_;
  }
  ~WarningsToLog() { thread_model_warnings = nullptr; }
  WarningsToLog(const WarningsToLog&) = delete;
  WarningsToLog& operator=(const WarningsToLog&) = delete;

 private:
  ModelWarnings warnings_;
};

std::string stop_refusal(const std::string& model, const std::string& what) {
  return "Python model " + model + " called " + what +
         ".stop(): dbt-session shares one SparkSession across the run, so models may not stop "
         "it (remove the call)";
}

// The model's own session state exists only for it: its stop() is always refused.
void refuse_stop(const py::object& spark, const PythonModel& model) {
  const std::string id = model.unique_id;
  const auto refuse = py::cpp_function([id](py::args, py::kwargs) {
    raise_dbt_error("DbtRuntimeError", stop_refusal(id, "spark"));
  });
  try {
    spark.attr("stop") = refuse;
  } catch (py::error_already_set& error) {
    // A session class without instance attributes: nothing to guard. An interrupt stays.
    if (error.matches(PyExc_KeyboardInterrupt)) throw;
  }
}

constexpr const char* kStopGuardName = "dbt_session_stop_guard";

// The run's root session (what SparkSession.builder.getOrCreate() returns in a model) and its
// SparkContext are the host's to stop at the end: their stop() is refused on a thread that
// runs a model, and does what it did everywhere else.
void refuse_stop_in_models(const py::object& target, const std::string& what) {
  try {
    const py::object current = target.attr("stop");
    if (is_installed(current, kStopGuardName)) {
      return;
    }
    target.attr("stop") = py::cpp_function(
        [original = current, what](py::args values, py::kwargs options) -> py::object {
          if (const auto model = python_model_on_this_thread())
            raise_dbt_error("DbtRuntimeError", stop_refusal(*model, what));
          return original(*values, **options);
        },
        py::name(kStopGuardName));
  } catch (py::error_already_set& error) {
    // No such attribute (a Spark Connect session has no SparkContext), or no instance
    // attributes: nothing to guard. An interrupt stays.
    if (error.matches(PyExc_KeyboardInterrupt)) throw;
  }
}

std::string interrupted_message(const PythonModel& model) {
  return "Python model " + model.unique_id + " was interrupted";
}

std::string timed_out_message(const PythonModel& model) {
  std::ostringstream seconds;
  seconds << model.timeout_seconds;
  return "Python model " + model.unique_id + " timed out after " + seconds.str() +
         " s (its `timeout`): its Python code was stopped and its Spark jobs cancelled";
}

// Setting up the model's session state after an interrupt can fail because the driver is
// going (a second signal ends the JVM; an attached parent may stop its own): that is the
// interrupt, not a catalog or Py4J error of the model's.
template <typename Work>
auto setting_up(const PythonModel& model, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (py::error_already_set& error) {
    if (run_was_interrupted()) {
      raise_dbt_error_from("DbtRuntimeError", interrupted_message(model), error.value());
    }
    rethrow_for_dbt(error);
  }
}

}  // namespace

SourceSpan locate_source(const std::string& compiled, const std::string& source) {
  const auto count_lines = [](const std::string& text, std::size_t end) {
    return static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(end), '\n'));
  };
  const auto at = source.empty() ? std::string::npos : compiled.find(source);
  if (at == std::string::npos) return {};
  return {count_lines(compiled, at) + 1, count_lines(source, source.size()) + 1};
}

namespace {

// Python numbers the lines of the code it compiles, and prints those numbers itself in the
// tracebacks that do not pass through raise_model_error: a thread's, an atexit function's. When
// only blank space precedes the user's file in the compiled code (dbt-databricks' template
// renders a few blank lines), as many newlines as the file has lines before raw_code replace
// it, and Python's numbers are the file's.
std::string numbered_as_the_file(const std::string& code, const PythonModel& model) {
  const auto at = model.source.empty() ? std::string::npos : code.find(model.source);
  if (at == std::string::npos || model.source_line < 1) return code;
  const bool blank = std::all_of(code.begin(), code.begin() + static_cast<long>(at),
                                 [](unsigned char c) { return std::isspace(c) != 0; });
  if (!blank || (at > 0 && code[at - 1] != '\n')) return code;
  return std::string(static_cast<std::size_t>(model.source_line - 1), '\n') + code.substr(at);
}

}  // namespace

std::string code_name(const PythonModel& model) {
  return model.path + " (" + model.unique_id + ")";
}

void run_python_model(const std::string& compiled_code, const PythonModel& model,
                      const py::object& log) {
  const std::string code = numbered_as_the_file(compiled_code, model);
  const std::string name = code_name(model);
  const SourceSpan span = locate_source(code, model.source);
  const auto builtins = py::module_::import("builtins");
  const py::object root = SessionSource::instance().root();
  py::object spark = setting_up(model, [&] { return new_session_state(root); });
  // Released however the model ends (a Connect server session; a classic state's heap).
  struct ReleaseState {
    const py::object& root;
    const py::object& state;
    ~ReleaseState() {
      try {
        release_session_state(root, state);
      } catch (py::error_already_set&) {
        // Best effort: an unreleased server session expires on the server.
      }
    }
  } release{root, spark};
  refuse_stop(spark, model);
  refuse_stop_in_models(root, "the run's SparkSession");
  if (py::hasattr(root, "_sc")) refuse_stop_in_models(root.attr("_sc"), "the SparkContext");
  // The model's jobs run in this thread (dbt's worker): label them before the user's code,
  // unless the invocation was cancelled.
  const JobLabel label{model.invocation_id, model.unique_id};
  const StatementInFlight in_flight(label);
  admit_work(label);
  setting_up(model, [&] { label_thread_jobs(spark, label, "Python model " + model.path); });

  py::dict globals;
  globals["__builtins__"] = builtins;
  globals["__name__"] = "__dbt_python_model__";
  globals["spark"] = spark;
  globals["print"] = model_print(model, log);
  set_linecache(name, code);
  // Started before the threads are listed: its thread is not one the model left running.
  std::optional<ModelDeadline> deadline;
  if (model.timeout_seconds > 0) deadline.emplace(label, model.timeout_seconds);
  const py::list threads_before = py::module_::import("threading").attr("enumerate")();
  const py::module_ atexit = py::module_::import("atexit");
  const int exit_functions_before = atexit.attr("_ncallbacks")().cast<int>();
  try {
    const py::object compiled = builtins.attr("compile")(code, name, "exec");
    const ModelProcessState process_state;
    const ModelThread interruptible(label);
    const WarningsToLog warnings_to_log(model, log, name, span);
    builtins.attr("exec")(compiled, globals);
  } catch (py::error_already_set& error) {
    globals.clear();  // the model's objects go now, not with the exception
    try {
      // A signal marks the run before it interrupts the model; a KeyboardInterrupt the
      // model's own code raised is its error like any other.
      if (run_was_interrupted()) {
        raise_dbt_error_from("DbtRuntimeError", interrupted_message(model), error.value());
      }
      // The deadline and dbt's cancel (--fail-fast) stop the model's code and cancel its
      // jobs: either error is theirs.
      if (deadline && deadline->expired()) {
        raise_dbt_error_from("DbtRuntimeError", timed_out_message(model), error.value());
      }
      if (const auto reason = cancellation_of(label)) {
        raise_dbt_error_from("DbtRuntimeError",
                             *reason + "; Python model " + model.unique_id + " was stopped",
                             error.value());
      }
      raise_model_error(error, model, name, span);
    } catch (py::error_already_set&) {
      set_linecache(name, "");
      throw;
    }
  }
  const py::list left_running = new_threads(threads_before);
  if (py::len(left_running) > 0) {
    // The threads still use the model's globals (their functions look names up there), and
    // its code for tracebacks: both stay, kept alive by the threads' own references.
    record_model_threads(model.unique_id, left_running);
    return;
  }
  // So do the functions the model registered with atexit, which the host runs at its end.
  if (atexit.attr("_ncallbacks")().cast<int>() > exit_functions_before) return;
  globals.clear();
  set_linecache(name, "");
}

}  // namespace dbt_session::bindings
