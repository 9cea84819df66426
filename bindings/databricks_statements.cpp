#include "bindings/databricks_statements.hpp"

#include <cstddef>

#include "bindings/sql_scanning.hpp"

namespace dbt_session::bindings {
namespace {

// Whether `word` (lower case) occurs as a whole word outside the statement's opaque spans.
bool has_word(std::string_view sql, std::string_view word) {
  for (std::size_t i = 0; i < sql.size();) {
    const SqlPiece piece = piece_at(sql, i);
    if (piece.kind == SqlPiece::Kind::kWord && ascii_lower(piece.text) == word) return true;
    i += piece.text.size();
  }
  return false;
}

// Whether the words `first` and `second` (lower case) follow each other, outside the
// statement's opaque spans, with only blank space or comments between them.
bool has_words(std::string_view sql, std::string_view first, std::string_view second) {
  bool after_first = false;
  for (std::size_t i = skip_space_and_comments(sql); i < sql.size();
       i = skip_space_and_comments(sql, i)) {
    const SqlPiece piece = piece_at(sql, i);
    i += piece.text.size();
    const bool word = piece.kind == SqlPiece::Kind::kWord;
    if (after_first && word && ascii_lower(piece.text) == second) return true;
    after_first = word && ascii_lower(piece.text) == first;
  }
  return false;
}

// Whether Databricks' JSON path operator (`raw:field`, `raw:[0]`, `raw:`Field``) occurs outside
// the statement's opaque spans: one colon right after a name, a quoted name, `]` or `)`, and
// right before a name, a quoted name or `[`. A `::` cast is not one.
bool has_json_path(std::string_view sql) {
  bool after_operand = false;
  for (std::size_t i = 0; i < sql.size();) {
    const SqlPiece piece = piece_at(sql, i);
    i += piece.text.size();
    if (piece.text == ":") {
      const char next = i < sql.size() ? sql[i] : '\0';
      if (next == ':') {
        ++i;
      } else if (after_operand && (is_word_char(next) || next == '`' || next == '[')) {
        return true;
      }
      after_operand = false;
      continue;
    }
    after_operand = piece.kind == SqlPiece::Kind::kWord || piece.text.front() == '`' ||
                    piece.text == "]" || piece.text == ")";
  }
  return false;
}

}  // namespace

std::optional<std::string> databricks_only_statement_refusal(std::string_view statement) {
  // Spark's grammar has no statement that begins with COPY: the first word is enough.
  if (first_keyword(statement) != "COPY") return std::nullopt;
  return "COPY INTO is Databricks SQL (dbt-databricks' databricks_copy_into macro renders it) "
         "and OSS Spark has no such statement, so nothing was run. This session runs on OSS "
         "Spark (no Databricks Runtime): read the files in a model instead (a Python model with "
         "spark.read, or SQL such as select * from parquet.`<path>`), or run it on Databricks.";
}

std::optional<std::string> databricks_only_clause_explanation(std::string_view statement,
                                                              std::string_view spark_message) {
  // Spark's parser reads `qualify` as a table alias, so its error points at the word after it.
  if (has_word(statement, "qualify")) {
    return "The statement uses QUALIFY, a Databricks SQL clause that OSS Spark does not parse. "
           "This session runs on OSS Spark (no Databricks Runtime): filter on the window "
           "function in an outer query instead, e.g. select * from (select *, row_number() over "
           "(partition by id order by updated_at desc) as rn from ...) where rn = 1.";
  }
  // dbt-databricks renders a Python function (dbt's functions/*.py) as CREATE FUNCTION ...
  // LANGUAGE PYTHON AS $$...$$, which Spark's parser stops at ("missing 'RETURN'").
  const std::string keyword = first_keyword(statement);
  if (keyword == "CREATE" && has_words(statement, "language", "python")) {
    return "The statement creates a Python function (CREATE FUNCTION ... LANGUAGE PYTHON), a "
           "Databricks SQL feature that OSS Spark does not have. This session runs on OSS Spark "
           "(no Databricks Runtime): write the function in SQL (RETURNS ... RETURN <expression>), "
           "or use the Python code in a Python model, or run it on Databricks.";
  }
  // A model contract's primary_key and foreign_key constraints, which Databricks keeps as
  // informational constraints (Unity Catalog). Spark 4.0 stops at the key's column list or at
  // the word, depending on where the constraint stands, so its message does not tell.
  if ((keyword == "CREATE" || keyword == "ALTER") &&
      (has_words(statement, "primary", "key") || has_words(statement, "foreign", "key"))) {
    return "The statement declares a PRIMARY KEY or FOREIGN KEY constraint (a model contract's "
           "primary_key or foreign_key), which Databricks keeps as an informational constraint "
           "in Unity Catalog and OSS Spark does not parse. This session runs on OSS Spark (no "
           "Databricks Runtime): leave these constraints out of runs on OSS Spark, or run the "
           "model on Databricks.";
  }
  // A colon is also part of Spark's own syntax (struct<a:int>), so Spark's error must be the
  // one at a colon too.
  if (spark_message.find("at or near ':'") != std::string_view::npos && has_json_path(statement)) {
    return "The statement reads a JSON field with `:` (column:field), Databricks SQL's JSON path "
           "syntax that OSS Spark does not parse. This session runs on OSS Spark (no Databricks "
           "Runtime): use get_json_object(column, '$.field') instead, or from_json for many "
           "fields.";
  }
  return std::nullopt;
}

std::optional<std::string> delta_command_explanation(std::string_view spark_message) {
  if (spark_message.find("[NOT_SUPPORTED_COMMAND_FOR_V2_TABLE]") == std::string_view::npos) {
    return std::nullopt;
  }
  return "OSS Spark runs this command only on Hive-format and file-source tables, and a Delta "
         "table is a v2 table to it; Databricks runs it on Delta tables. Leave it out of runs on "
         "OSS Spark (a hook can test target.name).";
}

std::optional<std::string> information_schema_explanation(std::string_view spark_message) {
  constexpr std::string_view kNotFound = "[TABLE_OR_VIEW_NOT_FOUND]";
  const auto start = spark_message.find(kNotFound);
  if (start == std::string_view::npos) return std::nullopt;
  const auto line = spark_message.substr(start, spark_message.find('\n', start) - start);
  if (ascii_lower(line).find("`information_schema`.") == std::string::npos) return std::nullopt;
  return "`information_schema` exists only in Unity Catalog catalogs; this session's catalog is "
         "a Hive metastore, which has none. Read a schema's tables with SHOW TABLES IN <schema> "
         "and a table's columns with DESCRIBE TABLE <table> (in a macro: "
         "adapter.get_relation and adapter.get_columns_in_relation).";
}

std::optional<std::string> delta_subquery_explanation(std::string_view spark_message) {
  if (spark_message.find("[DELTA_UNSUPPORTED_SUBQUERY]") == std::string_view::npos &&
      spark_message.find("[DELTA_UNSUPPORTED_IN_SUBQUERY]") == std::string_view::npos) {
    return std::nullopt;
  }
  return "OSS Delta runs no subquery in the condition of a DELETE, UPDATE or MERGE; Databricks "
         "does. Make the subquery MERGE's source instead, which OSS Delta runs: MERGE INTO "
         "<table> AS t USING (<subquery>) AS s ON <match> WHEN MATCHED THEN DELETE (or UPDATE "
         "SET ...).";
}

}  // namespace dbt_session::bindings
