#include "bindings/cursor.hpp"

#include "bindings/error_translation.hpp"
#include "bindings/job_labels.hpp"
#include "bindings/result_conversion.hpp"
#include "bindings/run_interruption.hpp"

namespace dbt_session::bindings {

Cursor::Cursor(py::object dataframe, std::string query_id)
    : dataframe_(std::move(dataframe)), query_id_(std::move(query_id)) {}

Cursor::Cursor(py::list description, py::list rows, std::string query_id)
    : description_(std::move(description)),
      rows_(std::move(rows)),
      query_id_(std::move(query_id)) {}

void Cursor::require_open() const {
  if (!open_) raise_dbt_error("DbtRuntimeError", "Attempting to fetch from a closed cursor");
}

py::object Cursor::description() {
  if (!description_) {
    require_open();
    description_ =
        translating_spark_errors([&] { return describe_schema(dataframe_.attr("schema")); });
  }
  return *description_;
}

const py::list& Cursor::rows() {
  if (!rows_) {
    require_open();
    // A query's job starts here, on the first fetch (spark.sql only analysed it).
    const StatementInFlight in_flight;
    refuse_if_cancelled("");
    rows_ = translating_spark_errors([&] { return connector_rows(dataframe_.attr("collect")()); });
  }
  return *rows_;
}

py::list Cursor::fetchall() {
  return fetchmany(SIZE_MAX);
}

py::list Cursor::fetchmany(std::size_t size) {
  const py::list& all = rows();
  py::list batch;
  const std::size_t total = all.size();
  while (position_ < total && batch.size() < size) batch.append(all[position_++]);
  return batch;
}

py::object Cursor::fetchone() {
  const py::list& all = rows();
  if (position_ >= all.size()) return py::none();
  return all[position_++];
}

void Cursor::close() {
  open_ = false;
  dataframe_ = py::object();
}

bool Cursor::reports_affected_rows() {
  const py::list columns = description();
  return columns.size() > 0 &&
         columns[0].cast<py::tuple>()[0].cast<std::string>() == "num_affected_rows";
}

py::object Cursor::get_response() {
  const auto response_type =
      py::module_::import("dbt.adapters.databricks.handle").attr("DatabricksAdapterResponse");
  // from_cursor reads query_id and adds the Databricks job/run ids when dbt runs in a job.
  py::object response =
      response_type.attr("from_cursor")(py::cast(this, py::return_value_policy::reference));
  // Delta's DML answers with one row whose first column is num_affected_rows; no other
  // result is collected just to report a count.
  if (open_ && reports_affected_rows()) {
    const py::list& all = rows();
    if (all.size() == 1) response.attr("rows_affected") = all[0].cast<py::tuple>()[0];
  }
  return response;
}

}  // namespace dbt_session::bindings
