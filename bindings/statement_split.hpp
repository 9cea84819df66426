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

// The statements of `sql`, split at ';' outside literals, quoted identifiers and comments
// (sql_scanning.hpp), each trimmed, pieces of only whitespace and comments dropped. Text of one
// statement, and a SQL script (Spark's BEGIN ... END compound statement, whose body holds ';'),
// is returned whole, as dbt-databricks cleans it: trimmed, one trailing ';' removed.
std::vector<std::string> split_statements(std::string_view sql);

}  // namespace dbt_session::bindings
