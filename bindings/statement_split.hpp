#pragma once
// spark.sql runs one statement per call, but dbt sends a model's `sql_header` in the same
// execute as the statement it prepares: for a contract check dbt-core renders
// `set time zone 'Asia/Kolkata';select * from (...) where false limit 0`
// (get_empty_subquery_sql), and dbt-databricks' create-table macros prefix the header too.
// Spark would read everything after SET TIME ZONE as the zone. The session's connection
// therefore runs such text as its statements, one by one, in the same session state.
#include <string>
#include <string_view>
#include <vector>

namespace dbt_session::bindings {

// The statements of `sql`, split at ';' outside literals, quoted identifiers, comments
// (sql_scanning.hpp) and parentheses, each trimmed, pieces of only whitespace and comments dropped.
// Text of one statement, and a SQL script (Spark's BEGIN ... END compound statement, whose body
// holds ';'), is returned whole, as dbt-databricks cleans it: trimmed, one trailing ';' removed.
std::vector<std::string> split_statements(std::string_view sql);

// Whether `statement` defines a table or view by a query (`CREATE [OR REPLACE] [TEMPORARY]
// TABLE|VIEW … AS <query>`): the statement a model's SQL ends. Text that goes on after it in
// the same call came from the model's own SQL (a `;` in it), which Databricks rejects as a
// syntax error; run one by one, `select …; drop table t` would build the model and drop t.
bool defines_by_a_query(std::string_view statement);

}  // namespace dbt_session::bindings
