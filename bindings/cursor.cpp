#include "bindings/cursor.hpp"

#include "bindings/delta_commit.hpp"
#include "bindings/error_translation.hpp"
#include "bindings/job_cancellation.hpp"
#include "bindings/result_conversion.hpp"
#include "bindings/run_interruption.hpp"
#include "bindings/written_table.hpp"

namespace dbt_session::bindings {
namespace {

// Heap-held and never destroyed, like SessionSource's session: no py::object may outlive the
// interpreter's finalization.
py::object*& response_builder() {
  static py::object* builder = nullptr;
  return builder;
}

}  // namespace

void set_response_builder(py::object builder) {
  if (response_builder() == nullptr) response_builder() = new py::object();
  *response_builder() = std::move(builder);
}

Cursor::Cursor(py::object dataframe, std::string query_id, py::object spark, std::string statement,
               JobLabel label)
    : dataframe_(std::move(dataframe)),
      spark_(std::move(spark)),
      statement_(std::move(statement)),
      label_(std::move(label)),
      query_id_(std::move(query_id)) {}

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
    description_ = translating_spark_errors([&] { return describe_schema(schema()); });
  }
  return *description_;
}

const py::list& Cursor::rows() {
  if (!rows_) {
    require_open();
    // A query's job starts here, on the first fetch (spark.sql only analysed it).
    const StatementInFlight in_flight(label_);
    admit_work(label_);
    rows_ = translating_spark_errors([&] { return collect_rows(dataframe_, schema()); });
  }
  return *rows_;
}

const py::object& Cursor::schema() {
  if (!schema_) schema_ = dataframe_.attr("schema");
  return *schema_;
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

py::object Cursor::affected_rows() {
  // Delta's DML answers with one row whose first column is num_affected_rows; no other
  // result is collected just to report a count.
  if (!open_ || !dataframe_ || !reports_affected_rows()) return py::none();
  const py::list& all = rows();
  if (all.size() != 1) return py::none();
  return all[0].cast<py::tuple>()[0];
}

const std::optional<std::vector<std::string>>& Cursor::written() {
  if (!written_parsed_) {
    written_ = bindings::written_table(statement_);
    written_parsed_ = true;
  }
  return written_;
}

py::object Cursor::written_table() {
  const auto& table = written();
  if (!table) return py::none();
  py::list parts;
  for (const std::string& part : *table) parts.append(part);
  return std::move(parts);
}

py::object Cursor::last_commit() {
  if (!last_commit_) {
    const auto& table = written();
    last_commit_ = table && spark_ ? last_delta_commit(spark_, *table) : py::none();
  }
  return *last_commit_;
}

py::object Cursor::get_response() {
  if (!response_) {
    if (response_builder() == nullptr) {
      raise_dbt_error("DbtRuntimeError",
                      "dbt-session: no response builder (import dbt_session.responses)");
    }
    response_ = (*response_builder())(py::cast(this, py::return_value_policy::reference));
  }
  return *response_;
}

}  // namespace dbt_session::bindings
