#pragma once
// Errors cross into Python at exactly this boundary. PySpark's AnalysisException has empty
// `args`, so dbt-databricks' exception_handler re-raises it raw and its missing-object
// handling (which looks for "[TABLE_OR_VIEW_NOT_FOUND]" / "[SCHEMA_NOT_FOUND]" in a
// DbtRuntimeError's message) never sees it. Spark errors therefore become DbtDatabaseError
// here, chained to the original and keeping Spark's error class in the message.
#include <pybind11/pybind11.h>

#include <string>
#include <string_view>

namespace dbt_session::bindings {

namespace py = pybind11;

// str(value) as UTF-8. Python text can hold what UTF-8 cannot: a lone surrogate (bytes decoded
// with surrogateescape, as Python decodes a file name that is not UTF-8; half of a Java string's
// pair), which pybind11's cast refuses ("Unable to cast Python instance of type <class 'str'>"),
// losing the error it was part of. Such a character is written as its \u escape instead.
std::string utf8_text(const py::handle& value);

// The part of a Spark error message a dbt user needs: the error class, the text and the
// SQLSTATE, without the analyzed plan, the JVM stack trace Spark appends or a failed task's
// Java stack.
std::string summarize_spark_message(std::string_view message);

// Whether `statement` is a dbt Python model's compiled code: the user's file, then dbt's tail,
// which defines `class dbtObj`. dbt-core's `show` sends a node's compiled code to the session
// as a query (get_show_sql), a Python model's too; Spark's parser rejects it and quotes the
// whole file, so rethrow_for_dbt says what to do instead in the quote's place.
bool is_python_model_code(std::string_view statement);

// True when `error` comes from Spark (PySpark's error hierarchy or a raw py4j error).
bool is_spark_error(const py::error_already_set& error);

// True when `error` says the driver JVM cannot be reached any more: py4j's network error, or a
// socket error raised inside py4j (its connect is refused once the JVM has exited). A driver
// killed by the kernel's OOM killer, a SIGTERM to the whole process group, a restarted
// Databricks cluster: every later call fails the same way, so it is reported once, plainly.
// Also a Spark Connect client that gave up retrying its server (pyspark's RetriesExceeded).
bool is_driver_loss(const py::error_already_set& error);

// The statement a Spark error came from, when known: a parse error is explained from its text.
struct FailedStatement {
  std::string_view sql;
  bool on_databricks_runtime = false;  // Databricks-only syntax is named only on OSS Spark
};

// Re-raises a Spark error as dbt_common's DbtDatabaseError (chained with `from`);
// anything else is re-thrown unchanged. A parse error of `statement` gets a line naming what
// Spark could not parse and the way out: a Databricks-only clause on OSS Spark
// (databricks_statements.hpp), a Python model's code sent as a query (is_python_model_code).
[[noreturn]] void rethrow_for_dbt(py::error_already_set& error,
                                  const FailedStatement& statement = {});

// A lost driver or Spark Connect server is explained in full by the first error that meets it;
// later ones get one line pointing back to it. SessionSource forgets the report when it is
// given another session.
void forget_reported_loss();

// Raises a dbt_common exception class by name, chained to `cause` (raise ... from cause).
[[noreturn]] void raise_dbt_error_from(const char* exception_class, const std::string& message,
                                       const py::object& cause);

// Raises a dbt_common exception class by name (e.g. "DbtRuntimeError") with a message.
[[noreturn]] void raise_dbt_error(const char* exception_class, const std::string& message);

// Runs `work`, translating Spark errors for dbt (`statement` as for rethrow_for_dbt).
template <typename Work>
auto translating_spark_errors(Work&& work, const FailedStatement& statement = {})
    -> decltype(work()) {
  try {
    return work();
  } catch (py::error_already_set& error) {
    rethrow_for_dbt(error, statement);
  }
}

}  // namespace dbt_session::bindings
