#include "bindings/python_model_failure.hpp"

#include <cctype>

#include "bindings/error_translation.hpp"

namespace dbt_session::bindings {

std::optional<long> file_line(long compiled_line, const PythonModel& model,
                              const SourceSpan& span) {
  const long in_source = compiled_line - span.first_line + 1;
  if (in_source < 1 || (span.line_count > 0 && in_source > span.line_count)) return std::nullopt;
  return in_source + model.source_line - 1;
}

namespace {

constexpr long kFramesShownInARow = 3;

// "  models/x.py, line N, in f: source" for each frame in the user's file, numbered as in
// that file; frames of dbt's generated code and of libraries are left out.
std::string user_frames(const py::object& trace, const std::string& name, const PythonModel& model,
                        const SourceSpan& span) {
  if (!trace || trace.is_none()) return {};
  const auto traceback = py::module_::import("traceback");
  std::string frames;
  std::string previous;
  long repeats = 0;
  // Python's own traceback shows a frame repeated in a row (a recursion) three times, then
  // how many more times it came.
  const auto flush_repeats = [&] {
    if (repeats > kFramesShownInARow) {
      frames += "  [Previous line repeated " + std::to_string(repeats - kFramesShownInARow) +
                " more times]\n";
    }
  };
  for (const auto frame : traceback.attr("extract_tb")(trace)) {
    if (utf8_text(frame.attr("filename")) != name) continue;
    const auto number = file_line(frame.attr("lineno").cast<long>(), model, span);
    if (!number) continue;
    std::string line = "  " + model.path + ", line " + std::to_string(*number) + ", in " +
                       utf8_text(frame.attr("name"));
    const py::object text = frame.attr("line");
    const std::string source = text.is_none() ? "" : utf8_text(text);
    if (!source.empty()) line += ": " + source;
    line += "\n";
    if (line == previous) {
      if (++repeats <= kFramesShownInARow) frames += line;
      continue;
    }
    flush_repeats();
    previous = line;
    repeats = 1;
    frames += line;
  }
  flush_repeats();
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

std::string describe_exception(const py::object& error) {
  // dbt's own errors (a refusal of dbt-session's, raised inside the model's code) read as
  // "Runtime Error\n  <message>": their message is the description.
  if (py::isinstance(error, py::module_::import("dbt_common.exceptions").attr("DbtRuntimeError")))
    return utf8_text(error.attr("msg"));
  const std::string type = py::str(error.get_type().attr("__name__")).cast<std::string>();
  std::string message = utf8_text(error);
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
  // dbt-databricks' tail turns a returned pandas DataFrame into a pandas-on-Spark one, whose
  // only timestamp type is pandas' naive nanosecond one (pyspark.pandas.typedef.as_spark_type):
  // a time-zone-aware column (datetime64[ns, UTC]) and, from pandas 2, another unit
  // (datetime64[us]) are "not understood".
  const auto unknown = description.find("TypeError: Type datetime64[");
  if (unknown != std::string::npos &&
      description.find("was not understood", unknown) != std::string::npos) {
    const bool aware = description.find(", ", unknown) < description.find(']', unknown);
    return std::string(
               "\ndbt-databricks turns a returned pandas DataFrame into a pandas-on-Spark "
               "one, whose only timestamps are naive nanosecond ones (datetime64[ns]): "
               "convert the column first (") +
           (aware
                ? "df[c] = df[c].dt.tz_convert('UTC').dt.tz_localize(None).astype('datetime64[ns]')"
                : "df[c] = df[c].astype('datetime64[ns]')") +
           "), or return session.createDataFrame(df).";
  }
  // pandas-on-Spark reads ANSI mode (Spark 4's and Databricks Runtime 17's default) from
  // pyspark's default session, the run's root one, never from the model's own session state
  // (pyspark.pandas.utils.default_session), so setting it on `session` does not help.
  if (description.find("PANDAS_API_ON_SPARK_FAIL_ON_ANSI_MODE") != std::string::npos) {
    return "\npandas-on-Spark reads ANSI mode from the run's session, not the model's: call "
           "pyspark.pandas.set_option('compute.fail_on_ansi_mode', False) in the model, or turn "
           "ANSI mode off for the whole run (dbt-session --conf spark.sql.ansi.enabled=false "
           "for a session it creates; the cluster's Spark config on Databricks).";
  }
  return "";
}

}  // namespace

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

}  // namespace dbt_session::bindings
