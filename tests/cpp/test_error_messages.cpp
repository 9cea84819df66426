// bindings/error_translation.hpp summarize_spark_message: what of a Spark error a dbt user reads;
// is_python_model_code: a Python model's code that dbt sent as a query.
#include <doctest/doctest.h>

#include <string>

#include "bindings/error_translation.hpp"
#include "tests/cpp/expectations.hpp"

namespace {

using dbt_session::bindings::is_python_model_code;
using dbt_session::bindings::summarize_spark_message;

// str(AnalysisException) from pyspark 4.0.1 for `select * from missing_table`.
const std::string kTableNotFound =
    "[TABLE_OR_VIEW_NOT_FOUND] The table or view `missing_table` cannot be found. Verify the "
    "spelling and "
    "correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify "
    "the "
    "current_schema() output, or qualify the name with the correct schema and catalog.\nTo "
    "tolerate the error "
    "on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS. SQLSTATE: 42P01; line 1 pos 14";
const std::string kTableNotFoundPlan =
    ";\n'Project [*]\n+- 'UnresolvedRelation [missing_table], [], false\n";

const std::string kJvmStacktrace =
    "\n\nJVM stacktrace:\norg.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] ...\n"
    "\tat "
    "org.apache.spark.sql.errors.QueryCompilationErrors$.tableNotFound(QueryCompilationErrors."
    "scala:1)\n";

using dbt_session::testing::mentions;

}  // namespace

TEST_CASE("the analyzed plan Spark appends after ';' is dropped") {
  CHECK(summarize_spark_message(kTableNotFound + kTableNotFoundPlan) == kTableNotFound);
}

TEST_CASE("the JVM stack trace PySpark appends is dropped") {
  CHECK(summarize_spark_message(kTableNotFound + kJvmStacktrace) == kTableNotFound);
}

TEST_CASE("plan and JVM stack trace are both dropped") {
  CHECK(summarize_spark_message(kTableNotFound + kTableNotFoundPlan + kJvmStacktrace) ==
        kTableNotFound);
}

TEST_CASE("the error class and SQLSTATE survive the summary") {
  const std::string summary = summarize_spark_message(
      "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name "
      "`nope` cannot be "
      "resolved. Did you mean one of the following? [`a`]. SQLSTATE: 42703; line 1 pos "
      "7;\n'Project ['nope]\n"
      "+- SubqueryAlias __auto_generated_subquery_name\n   +- Project [1 AS a#0]\n      +- "
      "OneRowRelation\n");
  CHECK(summary.rfind("[UNRESOLVED_COLUMN.WITH_SUGGESTION] ", 0) == 0);
  CHECK(mentions(summary, "SQLSTATE: 42703"));
  CHECK_FALSE(mentions(summary, "OneRowRelation"));
}

TEST_CASE("a message without plan or stack trace loses only its trailing blank space") {
  CHECK(summarize_spark_message("[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012") ==
        "[DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012");
  CHECK(summarize_spark_message("[X] text; not a plan \n\n") == "[X] text; not a plan");
  CHECK(summarize_spark_message("") == "");
}

TEST_CASE("a parse error keeps the SQL excerpt that points at the error") {
  const std::string summary = summarize_spark_message(
      "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'. SQLSTATE: 42601 (line 1, pos "
      "0)\n\n== SQL ==\n"
      "selec 1\n^^^\n");
  CHECK(mentions(summary, "[PARSE_SYNTAX_ERROR]"));
  CHECK(mentions(summary, "SQLSTATE: 42601"));
  CHECK(mentions(summary, "== SQL ==\nselec 1\n^^^"));
}

// Message from pyspark 4.0.1 for "-- done;\nselec 1".
TEST_CASE("a ';' at a line end inside the quoted SQL of a parse error is not taken for the plan") {
  const std::string summary = summarize_spark_message(
      "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'. SQLSTATE: 42601 (line 2, pos "
      "0)\n\n== SQL ==\n"
      "-- done;\nselec 1\n^^^\n");
  CHECK(mentions(summary, "== SQL ==\n-- done;\nselec 1\n^^^"));
}

// Messages from pyspark 3.5.2, which names no SQLSTATE.
TEST_CASE("Spark 3.5: the plan after ';' is dropped, with or without a position") {
  const std::string text =
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found.\nTo tolerate the error on "
      "drop use "
      "DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.";
  CHECK(summarize_spark_message(
            text + "; line 1 pos 14;\n'Project [*]\n+- 'UnresolvedRelation [t], [], false\n") ==
        text + "; line 1 pos 14");
  CHECK(summarize_spark_message(text + ";\n'UnresolvedRelation [s, t], [], false\n") == text);
}

TEST_CASE("Spark 3.5: a parse error keeps its quoted SQL whole") {
  const std::string summary = summarize_spark_message(
      "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'.(line 2, pos 0)\n\n== SQL ==\n-- "
      "done;\nselec 1\n^^^\n");
  CHECK(mentions(summary, "== SQL ==\n-- done;\nselec 1\n^^^"));
}

TEST_CASE("a failed task's Java stack is dropped, its exception's message kept") {
  // str(Py4JJavaError.java_exception.getMessage()) from Spark 4.0.1, a task out of heap.
  const std::string failure =
      "Job aborted due to stage failure: Task 1 in stage 0.0 failed 1 times, most recent failure: "
      "Lost task 1.0 in stage 0.0 (TID 1) (localhost executor driver): "
      "java.lang.OutOfMemoryError: Java heap space";
  const std::string frames =
      "\n\tat org.apache.spark.unsafe.types.UTF8String.copy(UTF8String.java:1880)\n"
      "\tat org.apache.spark.scheduler.Task.run(Task.scala:147)\n\nDriver stacktrace:\n";
  CHECK(summarize_spark_message(failure + frames) == failure);
}

TEST_CASE("a line of quoted SQL that reads like a stack frame is kept") {
  const std::string parse_error =
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'x'. SQLSTATE: 42601 (line 2, pos 1)\n\n"
      "== SQL ==\nselect\n\tat (x)\n-^^^\n";
  CHECK(mentions(summarize_spark_message(parse_error), "\tat (x)"));
  CHECK(summarize_spark_message("[X] a message\n\tat the end") == "[X] a message\n\tat the end");
}

TEST_CASE("a Python model's compiled code is told apart from SQL that mentions its words") {
  // The shape of dbt's compiled Python model (dbt-core's py_script_postfix), after the query
  // comment and get_show_sql's wrapper.
  const std::string compiled =
      "/* {\"app\": \"dbt\"} */\nselect * from (\n\"\"\"A model.\"\"\"\nimport pandas\n\n"
      "def model(dbt, session):\n    return session.range(3)\n\n"
      "# This part is user provided model code\ndef ref(*args, **kwargs):\n    pass\n\n"
      "class dbtObj:\n    def __init__(self, load_df_function) -> None:\n        pass\n"
      ") as model_limit_subq limit 5";
  CHECK(is_python_model_code(compiled));
  CHECK_FALSE(is_python_model_code("select 'class dbtObj:' as a, 'def model(' as b"));
  CHECK_FALSE(is_python_model_code("-- def model(dbt, session)\nselect 1 as class"));
  CHECK_FALSE(is_python_model_code(""));
}
