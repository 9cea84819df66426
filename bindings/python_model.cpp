#include "bindings/python_model.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "bindings/error_translation.hpp"
#include "bindings/job_cancellation.hpp"
#include "bindings/job_labels.hpp"
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
    log(prefix + py::str(buffer.attr("getvalue")()).attr("rstrip")("\n").cast<std::string>());
  });
}

// Line `compiled_line` of the code dbt-databricks compiled, numbered as in the user's file;
// nullopt for a line of dbt's generated code around the model's source.
std::optional<long> file_line(long compiled_line, const PythonModel& model,
                              const SourceSpan& span) {
  const long in_source = compiled_line - span.first_line + 1;
  if (in_source < 1 || (span.line_count > 0 && in_source > span.line_count)) return std::nullopt;
  return in_source + model.source_line - 1;
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
  if (py::hasattr(current, "__name__") &&
      py::str(current.attr("__name__")).cast<std::string>() == kShowWarningName) {
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
                   py::str(message).cast<std::string>() + " (" +
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

void refuse_stop(const py::object& spark, const PythonModel& model) {
  const std::string id = model.unique_id;
  const auto refuse = py::cpp_function([id](py::args, py::kwargs) {
    raise_dbt_error("DbtRuntimeError",
                    "Python model " + id +
                        " called spark.stop(): dbt-session shares one "
                        "SparkSession across the run, so models may not stop it (remove the call)");
  });
  try {
    spark.attr("stop") = refuse;
  } catch (py::error_already_set& error) {
    // A session class without instance attributes: nothing to guard. An interrupt stays.
    if (error.matches(PyExc_KeyboardInterrupt)) throw;
  }
}

// "  models/x.py, line N, in f: source" for each frame in the user's file, numbered as in
// that file; frames of dbt's generated code and of libraries are left out.
std::string user_frames(const py::object& trace, const std::string& name, const PythonModel& model,
                        const SourceSpan& span) {
  if (!trace || trace.is_none()) return {};
  const auto traceback = py::module_::import("traceback");
  std::string frames;
  for (const auto frame : traceback.attr("extract_tb")(trace)) {
    if (frame.attr("filename").cast<std::string>() != name) continue;
    const auto number = file_line(frame.attr("lineno").cast<long>(), model, span);
    if (!number) continue;
    frames += "  " + model.path + ", line " + std::to_string(*number) + ", in " +
              frame.attr("name").cast<std::string>();
    const py::object text = frame.attr("line");
    if (!text.is_none() && !text.cast<std::string>().empty())
      frames += ": " + text.cast<std::string>();
    frames += "\n";
  }
  return frames;
}

// A UDF's error comes back as a PythonException whose text is the Python worker's traceback
// of the same compiled code: `File "<name>", line N` in it is renumbered as in the user's file
// and names that file, like user_frames; lines outside the model's source stay as they are.
std::string renumber_worker_frames(std::string text, const std::string& name,
                                   const PythonModel& model, const SourceSpan& span) {
  const std::string frame = "File \"" + name + "\", line ";
  for (auto at = text.find(frame); at != std::string::npos; at = text.find(frame, at + 1)) {
    const auto digits = at + frame.size();
    auto end = digits;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end == digits || end - digits > 9) continue;
    const auto number = file_line(std::stol(text.substr(digits, end - digits)), model, span);
    if (!number) continue;
    const std::string renumbered = "File \"" + model.path + "\", line " + std::to_string(*number);
    text.replace(at, end - at, renumbered);
  }
  return text;
}

std::string interrupted_message(const PythonModel& model) {
  return "Python model " + model.unique_id + " was interrupted";
}

std::string describe_exception(const py::object& error) {
  const std::string type = py::str(error.get_type().attr("__name__")).cast<std::string>();
  std::string message = py::str(error).cast<std::string>();
  if (py::isinstance(error, py::module_::import("pyspark.errors").attr("PySparkException"))) {
    message = summarize_spark_message(message);
  }
  return type + ": " + message;
}

// What a user can do about a failure dbt-databricks' tail reports. (Syntax errors and a
// missing `def model` never get here: dbt's parser rejects those files first.)
std::string hint_for(const std::string& description) {
  if (description.find("is not a supported type for dbt Python materialization") !=
      std::string::npos) {
    return "\nmodel() must return a DataFrame: Spark, pandas or pandas-on-Spark.";
  }
  return "";
}

// The message needs the linecache entry (frame source lines): build it before that goes.
[[noreturn]] void raise_model_error(py::error_already_set& error, const PythonModel& model,
                                    const std::string& name, const SourceSpan& span) {
  const py::object value = error.value();
  // pybind11 fetched the traceback separately; put it back on the exception for the chain.
  if (error.trace()) PyException_SetTraceback(value.ptr(), error.trace().ptr());
  const std::string description =
      renumber_worker_frames(describe_exception(value), name, model, span);
  const std::string message = "Python model " + model.unique_id + " (" + model.path +
                              ") failed:\n" + user_frames(error.trace(), name, model, span) +
                              description + hint_for(description);
  raise_dbt_error_from("DbtRuntimeError", message, value);
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

std::string code_name(const PythonModel& model) {
  return model.path + " (" + model.unique_id + ")";
}

void run_python_model(const std::string& code, const PythonModel& model, const py::object& log) {
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
  const StatementInFlight in_flight;
  // The model's jobs run in this thread (dbt's worker): label them before the user's code,
  // unless the invocation was cancelled.
  const JobLabel label{model.invocation_id, model.unique_id};
  admit_work(label);
  setting_up(model, [&] { label_thread_jobs(spark, label, "Python model " + model.path); });

  py::dict globals;
  globals["__builtins__"] = builtins;
  globals["__name__"] = "__dbt_python_model__";
  globals["spark"] = spark;
  globals["print"] = model_print(model, log);
  set_linecache(name, code);
  const py::list threads_before = py::module_::import("threading").attr("enumerate")();
  try {
    const py::object compiled = builtins.attr("compile")(code, name, "exec");
    const ModelThread interruptible(model.unique_id);
    const WarningsToLog warnings_to_log(model, log, name, span);
    builtins.attr("exec")(compiled, globals);
  } catch (py::error_already_set& error) {
    globals.clear();  // the model's objects go now, not with the exception
    try {
      if (error.matches(PyExc_KeyboardInterrupt)) {
        raise_dbt_error("DbtRuntimeError", interrupted_message(model));
      }
      if (run_was_interrupted()) {
        raise_dbt_error_from("DbtRuntimeError", interrupted_message(model), error.value());
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
  globals.clear();
  set_linecache(name, "");
}

}  // namespace dbt_session::bindings
