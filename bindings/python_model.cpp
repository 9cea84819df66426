#include "bindings/python_model.hpp"

#include "bindings/error_translation.hpp"
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
  return py::cpp_function(
      [prefix, log](py::args values, py::kwargs options) {
        const py::object buffer = py::module_::import("io").attr("StringIO")();
        options["file"] = buffer;
        py::module_::import("builtins").attr("print")(*values, **options);
        log(prefix + py::str(buffer.attr("getvalue")()).attr("rstrip")("\n").cast<std::string>());
      });
}

void refuse_stop(const py::object& spark, const PythonModel& model) {
  const std::string id = model.unique_id;
  const auto refuse = py::cpp_function([id](py::args, py::kwargs) {
    raise_dbt_error("DbtRuntimeError",
                    "Python model " + id + " called spark.stop(): dbt-session shares one "
                    "SparkSession across the run, so models may not stop it (remove the call)");
  });
  try {
    spark.attr("stop") = refuse;
  } catch (py::error_already_set&) {
    // A session class without instance attributes: nothing to guard.
  }
}

// "  File ..., line N, in f\n    source" for the frames in the model's own file.
std::string user_frames(const py::object& error, const std::string& name) {
  const auto traceback = py::module_::import("traceback");
  std::string frames;
  for (const auto frame : traceback.attr("extract_tb")(error.attr("__traceback__"))) {
    if (frame.attr("filename").cast<std::string>() != name) continue;
    frames += "  line " + py::str(frame.attr("lineno")).cast<std::string>() + ", in " +
              frame.attr("name").cast<std::string>();
    const py::object line = frame.attr("line");
    if (!line.is_none() && !line.cast<std::string>().empty()) frames += ": " + line.cast<std::string>();
    frames += "\n";
  }
  return frames;
}

std::string describe_exception(const py::object& error) {
  const std::string type = py::str(error.get_type().attr("__name__")).cast<std::string>();
  if (py::isinstance(error, py::module_::import("builtins").attr("SyntaxError"))) {
    const py::object text = error.attr("text");
    return type + ": " + py::str(error.attr("msg")).cast<std::string>() + " (line " +
           py::str(error.attr("lineno")).cast<std::string>() + ")" +
           (text.is_none() ? "" : ":\n    " + py::str(text).attr("rstrip")().cast<std::string>());
  }
  std::string message = py::str(error).cast<std::string>();
  if (py::isinstance(error, py::module_::import("pyspark.errors").attr("PySparkException"))) {
    message = summarize_spark_message(message);
  }
  return type + ": " + message;
}

// What a user can do about the failures dbt-databricks' tail reports.
std::string hint_for(const std::string& description) {
  if (description.find("is not a supported type for dbt Python materialization") != std::string::npos) {
    return "\nmodel() must return a DataFrame: Spark, pandas or pandas-on-Spark.";
  }
  if (description.find("name 'model' is not defined") != std::string::npos) {
    return "\nA Python model file must define `def model(dbt, session):` returning a DataFrame.";
  }
  return "";
}

[[noreturn]] void raise_model_error(py::error_already_set& error, const PythonModel& model,
                                    const std::string& name) {
  const py::object value = error.value();
  const std::string description = describe_exception(value);
  const std::string message = "Python model " + model.unique_id + " (" + model.path + ") failed:\n" +
                              user_frames(value, name) + description + hint_for(description);
  raise_dbt_error_from("DbtRuntimeError", message, value);
}

}  // namespace

std::string code_name(const PythonModel& model) {
  return model.path + " (" + model.unique_id + ")";
}

void run_python_model(const std::string& code, const PythonModel& model, const py::object& log) {
  const std::string name = code_name(model);
  const auto builtins = py::module_::import("builtins");
  py::object spark = new_session_state(SessionSource::instance().root());
  refuse_stop(spark, model);

  py::dict globals;
  globals["__builtins__"] = builtins;
  globals["__name__"] = "__dbt_python_model__";
  globals["spark"] = spark;
  globals["print"] = model_print(model, log);
  set_linecache(name, code);
  try {
    const py::object compiled = builtins.attr("compile")(code, name, "exec");
    builtins.attr("exec")(compiled, globals);
  } catch (py::error_already_set& error) {
    globals.clear();  // the model's objects go now, not with the exception
    set_linecache(name, "");
    raise_model_error(error, model, name);
  }
  globals.clear();
  set_linecache(name, "");
}

}  // namespace dbt_session::bindings
