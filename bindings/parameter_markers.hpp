#pragma once
// dbt binds values with DB-API "format" markers (`%s`, see the dbt-databricks seed macro
// `get_binding_char`). Spark's native parameters use `?` (spark.sql(text, args=[...]),
// Spark 3.4+ and Spark Connect). Converting the markers, never the values, is how no
// value is ever rendered into SQL text.
#include <cstddef>
#include <string>
#include <string_view>

namespace dbt_session::bindings {

struct MarkedSql {
  std::string text;         // the statement with `?` markers
  std::size_t markers = 0;  // how many `?` markers it holds
};

// Rewrites `%s` to `?` and `%%` to `%` outside string literals, quoted identifiers
// and comments. A `?` already present outside those is counted as a marker too, so a
// mismatch with the number of values is caught before Spark sees the statement.
MarkedSql to_spark_markers(std::string_view sql);

}  // namespace dbt_session::bindings
