#include "bindings/error_translation.hpp"

#include "bindings/catalog_alias.hpp"
#include "bindings/databricks_statements.hpp"
#include "bindings/session_state.hpp"

#include <atomic>

namespace dbt_session::bindings {

bool is_python_model_code(std::string_view statement) {
  // Lines of Python that no SQL statement has outside a comment or a literal.
  return statement.find("\nclass dbtObj:") != std::string_view::npos &&
         statement.find("\ndef model(") != std::string_view::npos;
}

std::string utf8_text(const py::handle& value) {
  return py::str(value).attr("encode")("utf-8", "backslashreplace").cast<std::string>();
}

std::string summarize_spark_message(std::string_view message) {
  // PySpark appends "\n\nJVM stacktrace:\n..." when spark.sql.pyspark.jvmStacktrace.enabled.
  if (const auto jvm = message.find("\n\nJVM stacktrace:"); jvm != std::string_view::npos) {
    message = message.substr(0, jvm);
  }
  // A failed task's error quotes the task's Java stack ("Job aborted due to stage failure: ...
  // java.lang.OutOfMemoryError: Java heap space\n\tat org.apache...(File.scala:12)\n..." then
  // "Driver stacktrace:"): the text ends before the first frame. Parse errors quote the user's
  // SQL, where such a line could be the user's own, so they are kept whole.
  if (message.find("\n== SQL ==") == std::string_view::npos) {
    for (auto frame = message.find("\n\tat "); frame != std::string_view::npos;
         frame = message.find("\n\tat ", frame + 1)) {
      const auto line_end = message.find('\n', frame + 1);
      const auto line = message.substr(frame + 1, line_end - (frame + 1));
      if (!line.empty() && line.back() == ')' && line.find('(') != std::string_view::npos) {
        message = message.substr(0, frame);
        break;
      }
    }
  }
  // Analysis errors continue "SQLSTATE: 42P01; line 1 pos 14;\n'Project ..." with the plan.
  // Parse errors continue differently ("SQLSTATE: 42601 (line 1, pos 7)\n\n== SQL ==...") and
  // quote the statement, which may itself hold ";\n": they are kept whole.
  constexpr std::string_view kSqlState = "SQLSTATE: ";
  if (const auto state = message.find(kSqlState); state != std::string_view::npos) {
    const auto after_code = message.find_first_of(";( \n", state + kSqlState.size());
    if (after_code != std::string_view::npos && message[after_code] == ';') {
      if (const auto plan = message.find(";\n", after_code); plan != std::string_view::npos) {
        message = message.substr(0, plan);
      }
    }
  } else if (message.find("\n== SQL ==") == std::string_view::npos) {
    // Spark 3.5 names no SQLSTATE: an analysis error is "[CLASS] text.; line 1 pos 14;\n'Project
    // ..." or, without a position, "[CLASS] text.;\n'UnresolvedRelation ..." (its
    // AnalysisException.getMessage appends ";\n" and the plan). Parse errors quote the SQL.
    if (const auto plan = message.find(";\n"); plan != std::string_view::npos)
      message = message.substr(0, plan);
  }
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.remove_suffix(1);
  }
  return std::string(message);
}

bool is_spark_error(const py::error_already_set& error) {
  const auto errors = py::module_::import("pyspark.errors");
  if (error.matches(errors.attr("PySparkException"))) return true;
  const auto py4j = py::module_::import("py4j.protocol");
  return error.matches(py4j.attr("Py4JError"));
}

namespace {

// What dbt reports for a statement or model that met a lost driver.
constexpr const char* kDriverLossMessage =
    "Spark's driver is gone: its JVM exited or was killed (out of memory, a signal, a cluster "
    "restart), so every later node of this run fails too; the driver's log says why (for a "
    "session dbt-session created: logs/spark-driver.log), and `dbt-session retry` runs the "
    "failed nodes again";

// The same for a Spark Connect server whose client gave up retrying (its server session, and
// the run's temp views and conf with it, are gone even if the server comes back).
constexpr const char* kServerLossMessage =
    "The Spark Connect server stopped answering (it stopped or restarted, or the network to it "
    "is down), so every later node of this run fails too; `dbt-session retry` runs the failed "
    "nodes again once it answers";

// What every later node gets: the whole explanation once is enough (threads > 1 or not, a
// run whose driver is gone fails each node still to run the same way).
constexpr const char* kDriverLossAgain =
    "Spark's driver is gone (the first node that failed says why); `dbt-session retry` runs the "
    "failed nodes again";
constexpr const char* kServerLossAgain =
    "The Spark Connect server stopped answering (the first node that failed says more); "
    "`dbt-session retry` runs the failed nodes again once it answers";

// Set by the first report of a loss, cleared when the session source is given another session.
std::atomic<bool> loss_reported{false};

const char* loss_message(const char* first, const char* again) {
  return loss_reported.exchange(true) ? again : first;
}

// pyspark's Spark Connect client raises RetriesExceeded (error class RETRIES_EXCEEDED) when a
// call still fails after its retry policies, and a SparkConnectGrpcException with gRPC's
// UNAVAILABLE status when it has none left to try (str() of the grpc.RpcError it replaces,
// `from None`: the text is all there is): the server is unreachable. Older clients have no
// RetriesExceeded.
bool is_connect_server_loss(const py::error_already_set& error) {
  const py::object errors = py::module_::import("pyspark.errors");
  if (py::hasattr(errors, "RetriesExceeded") && error.matches(errors.attr("RetriesExceeded"))) {
    return true;
  }
  // Loaded with the Connect client: no Connect session, no such error (and no import of the
  // Connect protocol for a classic session's errors).
  const py::object connect_errors = py::module_::import("sys").attr("modules").attr("get")(
      "pyspark.errors.exceptions.connect", py::none());
  if (connect_errors.is_none() ||
      !error.matches(connect_errors.attr("SparkConnectGrpcException"))) {
    return false;
  }
  const std::string text = utf8_text(error.value());
  return text.find("status = StatusCode.UNAVAILABLE") != std::string::npos;
}

// The JVM's own reports that its SparkContext stopped while the gateway still answers: the
// JVM is going away (its shutdown hook stops the context on a signal, and Spark's uncaught
// exception handler exits the JVM on an OutOfMemoryError in a task).
// - SparkContext.assertNotStopped, for a call made after the stop;
constexpr std::string_view kStoppedContext =
    "java.lang.IllegalStateException: Cannot call methods on a stopped SparkContext";
// - DAGScheduler's error for every job still running at the stop (SparkCoreErrors
//   .sparkJobCancelledAsPartOfSparkContextShutdownError, Spark 3.5 and 4.0):
//   "Job 7 cancelled because SparkContext was shut down".
constexpr std::string_view kJobOfStoppedContext = "org.apache.spark.SparkException: Job ";
constexpr std::string_view kJobOfStoppedContextEnd =
    " cancelled because SparkContext was shut down";

bool is_stopped_context(const py::object& java_error) {
  try {
    const auto text = utf8_text(java_error.attr("java_exception").attr("toString")());
    return text.rfind(kStoppedContext, 0) == 0 ||
           (text.rfind(kJobOfStoppedContext, 0) == 0 &&
            text.find(kJobOfStoppedContextEnd) != std::string::npos);
  } catch (py::error_already_set& error) {
    // An interrupt while asking is never dropped; a network error means the JVM went away.
    if (error.matches(PyExc_KeyboardInterrupt)) throw;
    return is_driver_loss(error);
  }
}

}  // namespace

bool is_driver_loss(const py::error_already_set& error) {
  if (is_connect_server_loss(error)) return true;
  const auto py4j = py::module_::import("py4j.protocol");
  if (error.matches(py4j.attr("Py4JNetworkError"))) return true;
  if (error.matches(py4j.attr("Py4JJavaError"))) return is_stopped_context(error.value());
  // A call whose answer could not be read, once py4j stops retrying, comes back as a bare
  // error answer (py4j/java_gateway.py GatewayClient.send_command: `response = proto.ERROR`),
  // raised as a plain Py4JError that carries no Java exception (every error the JVM itself
  // answers carries one): "An error occurred while calling o48.setCallSite" for a method,
  // "PythonUtils does not exist in the JVM" for a name looked up on the JVM view.
  if (Py_TYPE(error.value().ptr()) ==
      reinterpret_cast<PyTypeObject*>(py4j.attr("Py4JError").ptr())) {
    const std::string text = utf8_text(error.value());
    constexpr std::string_view kNameLookup = " does not exist in the JVM";
    const bool lookup =
        text.size() > kNameLookup.size() &&
        text.compare(text.size() - kNameLookup.size(), kNameLookup.size(), kNameLookup) == 0;
    return (text.rfind("An error occurred while calling ", 0) == 0 || lookup) &&
           text.find('\n') == std::string::npos;
  }
  if (!error.matches(PyExc_ConnectionError)) return false;
  for (py::object trace = error.trace(); trace && !trace.is_none(); trace = trace.attr("tb_next")) {
    const py::object module = trace.attr("tb_frame").attr("f_globals").attr("get")("__name__");
    if (py::isinstance<py::str>(module) && module.cast<std::string>().rfind("py4j.", 0) == 0) {
      return true;
    }
  }
  return false;
}

namespace {

// A JVM error PySpark does not convert (Delta's DeltaInvariantViolationException from a task,
// say) stays a Py4JJavaError, whose str() is "An error occurred while calling o50.sql" and the
// whole Java stack trace; the JVM exception's own getMessage() is the part the user needs
// ("[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: id.").
// PySpark 4.0 also turns a JVM error into a CapturedException whose constructor logs the
// error's message via SparkThrowableHelper.getMessage(condition, parameters), which knows only
// Spark's own error classes: for a library's error class (Delta's DELTA_*) that call throws,
// and its Py4JJavaError replaces the original error, left as the new one's __context__: the
// original is then the one to ask. The JVM's Throwable behind a Spark error is that
// Py4JJavaError's, or a CapturedException's origin on classic Spark; None for Spark Connect
// and Python-side errors.
py::object java_throwable(const py::error_already_set& error) {
  const py::object java_error = py::module_::import("py4j.protocol").attr("Py4JJavaError");
  if (error.matches(java_error)) {
    const auto context =
        py::reinterpret_steal<py::object>(PyException_GetContext(error.value().ptr()));
    const py::object reported =
        context && py::isinstance(context, java_error) ? context : error.value();
    return reported.attr("java_exception");
  }
  return py::getattr(error.value(), "_origin", py::none());
}

std::string spark_error_text(const py::error_already_set& error) {
  if (error.matches(py::module_::import("py4j.protocol").attr("Py4JJavaError"))) {
    const py::object exception = java_throwable(error);
    const py::object message = exception.attr("getMessage")();
    // getMessage() is null for some JVM errors (a NullPointerException); toString() names it.
    return utf8_text(message.is_none() ? exception.attr("toString")() : message);
  }
  return utf8_text(error.value());
}

// A task's error reaches the driver wrapped: a write fails as "[TASK_WRITE_FAILED] Task failed
// while writing rows to file:..." whose Java cause holds what the user must fix: an error of
// Spark's ("[CAST_INVALID_INPUT] The value '1515426172' of the type "STRING" cannot be cast to
// "DATE"...") or one of the JVM's ("java.io.IOException: No space left on device", with no error
// condition). As a line to append ("" when there is none, or the message already says it): the
// deepest cause that names an error condition of its own, else the root cause as Java prints
// it (first line). The "== SQL" context is left out: it quotes the plan's expression, not the
// user's SQL.
std::string root_cause_line(const py::error_already_set& error, const std::string& message) {
  py::object throwable = java_throwable(error);
  std::string found;
  std::string root;
  try {
    constexpr int kMostCauses = 8;
    for (int depth = 0; depth < kMostCauses && !throwable.is_none(); ++depth) {
      throwable = throwable.attr("getCause")();
      if (throwable.is_none()) break;
      const py::object text = throwable.attr("getMessage")();
      const std::string cause = text.is_none() ? "" : utf8_text(text);
      if (!cause.empty() && cause.front() == '[') {
        found = cause;
        root.clear();
      } else {
        root = utf8_text(throwable.attr("toString")());
      }
    }
  } catch (py::error_already_set& asking) {
    if (asking.matches(PyExc_KeyboardInterrupt)) throw;
    return "";  // the error as Spark gave it is still reported
  }
  found = summarize_spark_message(found.substr(0, found.find("\n== SQL")));
  const std::string condition = found.substr(0, found.find(']') + 1);
  if (!found.empty() && message.find(condition) == std::string::npos) {
    return "\nCaused by: " + found;
  }
  root = root.substr(0, root.find('\n'));
  if (root.empty() || message.find(root) != std::string::npos) return "";
  return "\nCaused by: " + root;
}

constexpr const char* kPythonModelSentAsQuery =
    "This is a Python model's code, which dbt sent to Spark as a SQL query: `dbt show` runs a "
    "model's compiled code as a query, and a Python model has none. Build the model, then show "
    "its table: dbt-session show --inline \"select * from {{ ref('<the model>') }}\"";

// Spark names a task that ran out of heap only by the JVM's error; where the heap is set
// differs by where the session runs (docs/configuration.md, "Known limit").
constexpr std::string_view kOutOfMemory = "java.lang.OutOfMemoryError: Java heap space";
constexpr const char* kOutOfMemoryAdvice =
    "\nThe JVM ran out of heap: give a session dbt-session creates more with `dbt-session --conf "
    "spark.driver.memory=4g ...`; on a cluster, choose a driver or worker type with more memory.";

}  // namespace

void rethrow_for_dbt(py::error_already_set& error, const FailedStatement& statement) {
  if (is_connect_server_loss(error)) {
    give_up_connect_retries();
    raise_dbt_error_from("DbtRuntimeError", loss_message(kServerLossMessage, kServerLossAgain),
                         error.value());
  }
  if (is_driver_loss(error)) {
    raise_dbt_error_from("DbtRuntimeError", loss_message(kDriverLossMessage, kDriverLossAgain),
                         error.value());
  }
  if (!is_spark_error(error)) throw;
  std::string message = summarize_spark_message(spark_error_text(error));
  message += root_cause_line(error, message);
  if (message.find(kOutOfMemory) != std::string::npos) message += kOutOfMemoryAdvice;
  if (const auto explanation = delta_command_explanation(message)) message += "\n" + *explanation;
  if (!statement.on_databricks_runtime) {
    for (const auto explain : {information_schema_explanation, delta_subquery_explanation}) {
      if (const auto explanation = explain(message)) message += "\n" + *explanation;
    }
  }
  if (!statement.sql.empty() && message.find("[PARSE_SYNTAX_ERROR]") != std::string::npos) {
    if (is_python_model_code(statement.sql)) {
      message = message.substr(0, message.find("\n== SQL =="));
      message.erase(message.find_last_not_of(" \n") + 1);
      message += "\n" + std::string(kPythonModelSentAsQuery);
    } else if (!statement.on_databricks_runtime) {
      if (const auto explanation = databricks_only_clause_explanation(statement.sql, message)) {
        message += "\n" + *explanation;
      }
    }
  }
  if (alias_in_messages()) message = with_catalog_as_written(message);
  raise_dbt_error_from("DbtDatabaseError", message, error.value());
}

void forget_reported_loss() {
  loss_reported = false;
}

void raise_dbt_error_from(const char* exception_class, const std::string& message,
                          const py::object& cause) {
  const auto exceptions = py::module_::import("dbt_common.exceptions");
  // Built by hand rather than with py::raise_from, which formats the message printf-style
  // and would misread a `%` in the text (LIKE '%x%').
  py::object translated = exceptions.attr(exception_class)(message);
  PyException_SetCause(translated.ptr(), cause.inc_ref().ptr());  // steals the reference
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(translated.ptr())), translated.ptr());
  throw py::error_already_set();
}

void raise_dbt_error(const char* exception_class, const std::string& message) {
  const auto exceptions = py::module_::import("dbt_common.exceptions");
  // Built here, not left to pybind11's normalization of a (class, message) pair: the class's
  // Python __init__ runs either way, and a signal's KeyboardInterrupt raised inside it must
  // propagate as itself (pybind11 reports a type mismatch during normalization instead).
  const py::object error = exceptions.attr(exception_class)(message);
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
  throw py::error_already_set();
}

}  // namespace dbt_session::bindings
