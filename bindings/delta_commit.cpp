#include "bindings/delta_commit.hpp"

#include "bindings/session_handle.hpp"

namespace dbt_session::bindings {

py::object last_delta_commit(const py::object& spark, const std::vector<std::string>& table) {
  std::string name;
  for (const std::string& part : table) {
    name += (name.empty() ? "" : ".") + quote_identifier(part);
  }
  try {
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
  } catch (py::error_already_set&) {
    // rows_affected is a report: a table Spark cannot describe (dropped meanwhile, a catalog
    // without Delta history) leaves it unset rather than failing a model that succeeded.
    return py::none();
  }
}

}  // namespace dbt_session::bindings
