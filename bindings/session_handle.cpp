#include "bindings/session_handle.hpp"

#include <algorithm>
#include <atomic>
#include <vector>

#include "bindings/catalog_alias.hpp"
#include "bindings/databricks_statements.hpp"
#include "bindings/error_translation.hpp"
#include "bindings/job_cancellation.hpp"
#include "bindings/job_labels.hpp"
#include "bindings/parameter_markers.hpp"
#include "bindings/result_conversion.hpp"
#include "bindings/run_interruption.hpp"
#include "bindings/session_state.hpp"
#include "bindings/sql_scanning.hpp"
#include "bindings/statement_split.hpp"

namespace dbt_session::bindings {
namespace {

std::atomic<std::uint64_t> handles_opened{0};

// DESCRIBE writes a struct type with more fields than spark.sql.debug.maxToStringFields (25 by
// default) as `struct<f0:int,...,f24:int,... 5 more fields>`, and dbt-databricks writes the types
// it reads back into DDL (materialization v2's CREATE TABLE column list, ALTER TABLE ... ADD
// COLUMNS for on_schema_change), which OSS Spark then cannot parse. The setting only shortens text:
// no limit on OSS Spark. On a Databricks runtime the cluster's setting stays, as with
// dbt-databricks alone.
constexpr const char* kMaxToStringFields = "spark.sql.debug.maxToStringFields";
constexpr const char* kNoDisplayLimit = "2147483647";

// Best effort: a Spark that refused the setting would fail only the rare struct of more than
// 25 fields, not every connection.
void lift_display_limit(const py::object& session) {
  try {
    session.attr("conf").attr("set")(kMaxToStringFields, kNoDisplayLimit);
  } catch (py::error_already_set& error) {
    if (error.matches(PyExc_KeyboardInterrupt)) throw;  // an interrupt is never swallowed
  }
}

// Spark's Catalog API reads a database name as SQL, a multi-part identifier (Spark 3.4+): a
// name other than a bare word (one with a quote, a dot or a space) is backquoted to mean
// itself. A bare word goes as it is, which Spark looks up without parsing.
std::string catalog_api_name(const std::string& name) {
  const bool bare_word = !name.empty() && !(name.front() >= '0' && name.front() <= '9') &&
                         std::all_of(name.begin(), name.end(), is_word_char);
  return bare_word ? name : quote_identifier(name);
}

void reject_unity_catalog_on_oss(const std::string& catalog) {
  if (ascii_lower(catalog) == kHiveMetastore) return;
  raise_dbt_error("DbtRuntimeError", unity_catalog_refusal("catalog", catalog));
}

}  // namespace

void SessionHandle::use_schema(const HandleOptions& options) {
  // Like the SQL connector's schema argument: unqualified names resolve in the target's
  // schema. dbt creates the schema itself, so a missing one is not an error here. Unity
  // Catalog targets keep the cluster's current catalog: dbt qualifies every name it renders.
  if (!options.schema || ascii_lower(options.catalog) != kHiveMetastore) return;
  const py::object catalog = spark_.attr("catalog");
  const std::string name = catalog_api_name(*options.schema);
  if (catalog.attr("databaseExists")(name).cast<bool>()) {
    catalog.attr("setCurrentDatabase")(name);
  }
}

std::string quote_identifier(const std::string& name) {
  std::string quoted = "`";
  for (const char c : name) {
    quoted += c;
    if (c == '`') quoted += '`';
  }
  return quoted + "`";
}

SessionHandle::SessionHandle(const py::object& root, const HandleOptions& options)
    : session_id_("dbt-session-" + std::to_string(++handles_opened)) {
  translating_spark_errors([&] {
    // The runtime tag is a SparkContext conf on Databricks; read it from the root, which a
    // simulated runtime (a conf set on a local root session) shares with real clusters.
    dbr_version_ = runtime_version(root);
    if (!dbr_version_) reject_unity_catalog_on_oss(options.catalog);
    spark_ = new_session_state(root);
    root_ = root;
    if (!dbr_version_) lift_display_limit(spark_);
    use_schema(options);
    // session_properties are Spark confs (dbt-databricks passes them as the session
    // configuration); set through the conf API, never as SQL text.
    for (const auto item : options.session_properties) {
      set_session_property(py::str(item.first), py::str(item.second));
    }
  });
}

void SessionHandle::set_session_property(const std::string& key, const std::string& value) {
  try {
    translating_spark_errors([&] { spark_.attr("conf").attr("set")(key, value); });
  } catch (py::error_already_set& error) {
    // Spark's refusal (a static conf such as spark.executor.memory, an invalid value) names the
    // conf; the user's fix is in the profile.
    if (!error.matches(py::module_::import("dbt_common.exceptions").attr("DbtDatabaseError")))
      throw;
    raise_dbt_error_from("DbtRuntimeError",
                         "profiles.yml: the target's session_properties entry `" + key +
                             "` cannot be set on the session: " +
                             py::str(error.value().attr("msg")).cast<std::string>(),
                         error.value());
  }
}

void SessionHandle::require_open() const {
  if (!spark_) raise_dbt_error("DbtRuntimeError", "Attempting to execute on a closed connection");
}

py::object SessionHandle::spark() const {
  require_open();
  return spark_;
}

void SessionHandle::label_jobs(const py::object& spark, const std::string& statement) const {
  // Local properties belong to the calling thread: set them in the thread that runs the
  // statement (dbt's worker), right before it runs, unless the invocation was cancelled.
  admit_work(label_);
  label_thread_jobs(spark, label_, statement);
}

std::string SessionHandle::next_query_id() {
  return session_id_ + "-" + std::to_string(++statements_);
}

py::object SessionHandle::run_statement(const std::string& text, const py::list& values) {
  // Counted before the cancellation check in label_jobs: an interrupt either refuses the
  // statement there or keeps cancelling the invocation's jobs until it has returned.
  const StatementInFlight in_flight(label_);
  if (!dbr_version_) {
    if (const auto refusal = databricks_only_statement_refusal(text)) {
      raise_dbt_error("DbtRuntimeError", *refusal);
    }
  }
  const py::object spark = this->spark();
  label_jobs(spark, text);
  const FailedStatement explained{text, dbr_version_.has_value()};
  if (values.empty()) {
    return translating_spark_errors([&] { return spark.attr("sql")(text); }, explained);
  }
  const MarkedSql marked = to_spark_markers(text);
  if (marked.markers != values.size()) {
    raise_dbt_error("DbtRuntimeError", "statement has " + std::to_string(marked.markers) +
                                           " parameter markers but " +
                                           std::to_string(values.size()) + " values were bound");
  }
  return translating_spark_errors(
      [&] { return spark.attr("sql")(marked.text, py::arg("args") = values); }, explained);
}

Cursor SessionHandle::execute(const std::string& sql, const py::object& bindings) {
  require_open();
  const py::list values = bindings.is_none() ? py::list() : py::list(bindings);
  // Surrounding whitespace and a trailing ';' go too (dbt-databricks' SqlUtils.clean_sql does
  // the same before its connector; spark.sql rejects the ';').
  const std::vector<std::string> statements = split_statements(sql);
  if (statements.size() > 1 && !values.empty()) {
    raise_dbt_error(
        "DbtRuntimeError",
        "values were bound to SQL that holds " + std::to_string(statements.size()) +
            " statements; bound values need a single statement: " + statement_summary(sql));
  }
  for (std::size_t i = 0; i + 1 < statements.size(); ++i) {
    if (defines_by_a_query(statements[i])) {
      raise_dbt_error(
          "DbtRuntimeError",
          "the SQL goes on after its query with another statement (" +
              statement_summary(statements[i + 1]) +
              "): a model's SQL is one query, so remove the ';' before it (Databricks rejects "
              "such SQL as a syntax error; dbt-session runs the statements of a sql_header or "
              "a hook one by one, never any after a model's query)");
    }
  }
  // The leading statements (a model's sql_header) run for their effect on this session state:
  // commands such as SET run when spark.sql returns. dbt reads the last statement's result.
  for (std::size_t i = 0; i + 1 < statements.size(); ++i) run_statement(statements[i], values);
  return Cursor(run_statement(statements.back(), values), next_query_id(), spark_,
                statements.back(), label_);
}

py::list SessionHandle::collect_names(const std::string& statement, const char* column) {
  py::list names;
  const StatementInFlight in_flight(label_);
  const py::object spark = this->spark();
  label_jobs(spark, statement);
  translating_spark_errors([&] {
    for (const auto row : spark.attr("sql")(statement).attr("collect")()) {
      // Spark 3.5's SHOW TABLES in a v2 catalog (the hive_metastore alias) also lists the
      // session's temp views, with isTemporary false but no namespace: skipped either way.
      if (py::hasattr(row, "isTemporary") &&
          (row.attr("isTemporary").cast<bool>() ||
           py::str(row.attr("namespace")).cast<std::string>().empty())) {
        continue;
      }
      names.append(row.attr(column));
    }
  });
  return names;
}

Cursor SessionHandle::list_tables(const std::string& database, const std::string& schema) {
  require_open();
  // SHOW TABLES lists views too; SHOW VIEWS tells them apart (two short commands instead of
  // one catalog lookup per table). Temp views of this session are not relations of a schema.
  const std::string where = quote_identifier(database) + "." + quote_identifier(schema);
  const py::list tables = collect_names("SHOW TABLES IN " + where, "tableName");
  const py::set views(collect_names("SHOW VIEWS IN " + where, "viewName"));
  py::list rows;
  for (const auto name : tables) {
    rows.append(py::make_tuple(database, schema, name, views.contains(name) ? "view" : "table"));
  }
  return Cursor(describe_string_columns({"TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"}),
                rows, next_query_id());
}

Cursor SessionHandle::list_schemas(const std::string& database, const py::object& schema) {
  require_open();
  const py::list all = collect_names("SHOW SCHEMAS IN " + quote_identifier(database), "namespace");
  const std::string wanted = schema.is_none() ? "" : ascii_lower(schema.cast<std::string>());
  py::list rows;
  for (const auto name : all) {
    // Filtered here rather than with SHOW SCHEMAS LIKE, which takes no parameter markers.
    if (wanted.empty() || ascii_lower(name.cast<std::string>()) == wanted) {
      rows.append(py::make_tuple(name, database));
    }
  }
  return Cursor(describe_string_columns({"TABLE_SCHEM", "TABLE_CATALOG"}), rows, next_query_id());
}

py::tuple SessionHandle::dbr_version() const {
  if (!dbr_version_) return py::make_tuple(0, 0);
  return py::make_tuple(dbr_version_->major, dbr_version_->minor);
}

void SessionHandle::cancel() {
  close();
}

void SessionHandle::close() {
  // Drops this connection's session state only; the shared SparkSession keeps running. The
  // members are emptied before the release, which may release the GIL: a second close (dbt's
  // cancel_open on the main thread, the node's own release on its worker) finds nothing left.
  const py::object spark = std::move(spark_);
  const py::object root = std::move(root_);
  if (!spark) return;
  try {
    release_session_state(root, spark);
  } catch (py::error_already_set&) {
    // Best effort: a server session that cannot be released expires on the server, and a
    // classic state whose artifact manager cannot be closed only costs heap.
  }
}

}  // namespace dbt_session::bindings
