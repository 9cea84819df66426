#include "bindings/delta_commit.hpp"

#include "bindings/catalog_alias.hpp"
#include "bindings/session_handle.hpp"
#include "bindings/session_state.hpp"
#include "bindings/sql_scanning.hpp"

namespace dbt_session::bindings {
namespace {

bool names_session_catalog(const std::string& catalog) {
  const std::string lowered = ascii_lower(catalog);
  return lowered == kHiveMetastore || lowered == "spark_catalog";
}

// A Scala Map[String, String] as a dict (py4j gives no conversion that holds on 2.12 and 2.13).
py::dict scala_map(const py::object& map) {
  py::dict converted;
  const py::object entries = map.attr("iterator")();
  while (entries.attr("hasNext")().cast<bool>()) {
    const py::object entry = entries.attr("next")();
    converted[entry.attr("_1")()] = entry.attr("_2")();
  }
  return converted;
}

// Classic Spark with Apache Delta: the table's DeltaLog (cached by Delta, the same the write
// just committed through) and its commits from the version it holds onwards, the last one
// read: one small JSON file. Tens of times cheaper than DESCRIBE HISTORY, a command that
// rebuilds the history view (docs/observability.md has the numbers). nullopt when the JVM
// has no such class (Spark Connect, Databricks' own Delta) or the name is not the session
// catalog's.
std::optional<py::object> commit_from_delta_log(const py::object& spark,
                                                const std::vector<std::string>& table) {
  if (is_spark_connect(spark) || table.size() < 2 || table.size() > 3) return std::nullopt;
  if (table.size() == 3 && !names_session_catalog(table[0])) return std::nullopt;
  const py::object jvm = spark.attr("_jvm");
  const py::object delta_log_class =
      jvm.attr("org").attr("apache").attr("spark").attr("sql").attr("delta").attr("DeltaLog");
  if (!py::hasattr(delta_log_class, "forTable")) return std::nullopt;
  const py::object identifier =
      jvm.attr("org")
          .attr("apache")
          .attr("spark")
          .attr("sql")
          .attr("catalyst")
          .attr("TableIdentifier")(table.back(),
                                   jvm.attr("scala").attr("Some")(table[table.size() - 2]));
  const py::object log = delta_log_class.attr("forTable")(spark.attr("_jsparkSession"), identifier);
  const py::object version = log.attr("unsafeVolatileSnapshot")().attr("version")();
  const py::object commits = log.attr("getChanges")(version, false);
  py::object last;
  while (commits.attr("hasNext")().cast<bool>()) last = commits.attr("next")();
  if (!last) return py::object(py::none());
  const py::object actions = last.attr("_2")();
  const int count = actions.attr("size")().cast<int>();
  for (int i = 0; i < count; ++i) {
    const py::object action = actions.attr("apply")(i);
    if (action.attr("getClass")().attr("getSimpleName")().cast<std::string>() != "CommitInfo") {
      continue;
    }
    py::dict answer;
    answer["version"] = last.attr("_1")();
    answer["operation"] = action.attr("operation")();
    const py::object metrics = action.attr("operationMetrics")();
    answer["metrics"] =
        metrics.attr("isDefined")().cast<bool>() ? scala_map(metrics.attr("get")()) : py::dict();
    return py::object(std::move(answer));
  }
  return py::object(py::none());
}

py::object commit_from_history(const py::object& spark, const std::vector<std::string>& table) {
  std::string name;
  for (const std::string& part : table) {
    name += (name.empty() ? "" : ".") + quote_identifier(part);
  }
  const py::list rows =
      spark.attr("sql")("DESCRIBE HISTORY " + name + " LIMIT 1").attr("collect")();
  if (rows.empty()) return py::none();
  const py::object commit = rows[0];
  py::dict answer;
  answer["version"] = commit.attr("version");
  answer["operation"] = commit.attr("operation");
  const py::object metrics = commit.attr("operationMetrics");
  answer["metrics"] = metrics.is_none() ? py::dict() : py::dict(metrics);
  return std::move(answer);
}

}  // namespace

py::object last_delta_commit(const py::object& spark, const std::vector<std::string>& table) {
  try {
    if (auto commit = commit_from_delta_log(spark, table)) return *commit;
  } catch (py::error_already_set&) {
    // A Delta whose internals differ from the ones read above: the SQL route below.
  }
  try {
    return commit_from_history(spark, table);
  } catch (py::error_already_set&) {
    // rows_affected is a report: a table Spark cannot describe (dropped meanwhile, a catalog
    // without Delta history) leaves it unset rather than failing a model that succeeded.
    return py::none();
  }
}

}  // namespace dbt_session::bindings
