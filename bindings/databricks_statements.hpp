#pragma once
// Databricks SQL that OSS Spark does not have. dbt-databricks renders COPY INTO from its
// databricks_copy_into macro, which a project calls from a run-operation or a hook; OSS Spark's
// parser answers it with a PARSE_SYNTAX_ERROR at its first word, naming neither the feature nor
// a way out. On OSS Spark the session refuses such a statement by name before it reaches Spark
// (SessionHandle); on a Databricks runtime it is sent unchanged. A clause is only named after
// Spark's parser has rejected the statement: a word alone does not prove the clause is there.
#include <optional>
#include <string>
#include <string_view>

namespace dbt_session::bindings {

// Why OSS Spark cannot run `statement`, with the way out, when it is Databricks-only SQL;
// nullopt for every other statement.
std::optional<std::string> databricks_only_statement_refusal(std::string_view statement);

// For a statement OSS Spark's parser rejected with `spark_message`: the Databricks-only syntax
// it uses (a QUALIFY clause, a `:` JSON path), outside literals, quoted names and comments,
// with the way out; nullopt when it uses none.
std::optional<std::string> databricks_only_clause_explanation(std::string_view statement,
                                                              std::string_view spark_message);

// For Spark's refusal of a command on a v2 table (ANALYZE TABLE ... COMPUTE STATISTICS, a usual
// Databricks post-hook, for one): on OSS Spark every Delta table is a v2 table, which Spark
// runs such commands for only through a catalog's own support, and Delta's has none. The
// explanation, with the way out; nullopt for any other error.
std::optional<std::string> delta_command_explanation(std::string_view spark_message);

// For Spark's TABLE_OR_VIEW_NOT_FOUND of a name in a schema `information_schema`: that schema
// exists only in Unity Catalog catalogs, and a Hive metastore (OSS Spark's, or a runtime's
// `hive_metastore` catalog) has none. The explanation, with the way out; nullopt for any other
// error.
std::optional<std::string> information_schema_explanation(std::string_view spark_message);

// For OSS Delta's DELTA_UNSUPPORTED_SUBQUERY and DELTA_UNSUPPORTED_IN_SUBQUERY: a DELETE,
// UPDATE or MERGE whose condition has a subquery, which Databricks runs (packages write
// `delete ... where key in (select ...)`). The explanation, with the MERGE that OSS Delta runs
// instead; nullopt for any other error.
std::optional<std::string> delta_subquery_explanation(std::string_view spark_message);

}  // namespace dbt_session::bindings
