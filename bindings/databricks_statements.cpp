#include "bindings/databricks_statements.hpp"

#include "bindings/sql_scanning.hpp"

namespace dbt_session::bindings {

std::optional<std::string> databricks_only_statement_refusal(std::string_view statement) {
  // Spark's grammar has no statement that begins with COPY: the first word is enough.
  if (first_keyword(statement) != "COPY") return std::nullopt;
  return "COPY INTO is Databricks SQL (dbt-databricks' databricks_copy_into macro renders it) "
         "and OSS Spark has no such statement, so nothing was run. This session runs on OSS "
         "Spark (no Databricks Runtime): read the files in a model instead (a Python model with "
         "spark.read, or SQL such as select * from parquet.`<path>`), or run it on Databricks.";
}

}  // namespace dbt_session::bindings
