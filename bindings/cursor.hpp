#pragma once
// The DB-API cursor dbt-databricks reads results from (see DESIGN.md, "Handle and cursor
// contract"). A Spark result is collected once, on the first fetch, so DDL never moves rows.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bindings/job_labels.hpp"

namespace dbt_session::bindings {

namespace py = pybind11;

class Cursor {
 public:
  // A Spark result: `dataframe` is what `spark` (the handle's session state) returned for
  // `statement`, run for `label` (a query's job starts on the first fetch).
  Cursor(py::object dataframe, std::string query_id, py::object spark, std::string statement,
         JobLabel label);
  // A result built here (listings): the description and tuples are final.
  Cursor(py::list description, py::list rows, std::string query_id);

  py::object description();
  py::list fetchall();
  py::list fetchmany(std::size_t size);
  py::object fetchone();
  void close();
  void cancel() { close(); }
  // dbt's AdapterResponse, built once per cursor by the builder the adapter registered
  // (set_response_builder): dbt-databricks asks for it up to three times per statement.
  py::object get_response();
  // Delta's num_affected_rows when Spark answered with that metrics row (MERGE, UPDATE,
  // DELETE; every write on Databricks), else None.
  py::object affected_rows();
  // The name parts of the table the statement wrote (written_table.hpp), else None.
  py::object written_table();
  // The last Delta commit of the written table (delta_commit.hpp), looked up once; None for
  // a statement that wrote no table.
  py::object last_commit();
  const std::string& query_id() const { return query_id_; }
  bool is_open() const { return open_; }

 private:
  const py::list& rows();
  // The result's StructType, asked once: for description and for the rows' conversion (on
  // Spark Connect 3.5 each `schema` is a call to the server).
  const py::object& schema();
  void require_open() const;
  bool reports_affected_rows();
  // The statement's written table, parsed once for written_table() and last_commit().
  const std::optional<std::vector<std::string>>& written();

  py::object dataframe_;
  py::object spark_;
  std::string statement_;
  JobLabel label_;
  std::optional<py::object> response_;
  std::optional<py::object> last_commit_;
  bool written_parsed_ = false;
  std::optional<std::vector<std::string>> written_;
  std::optional<py::object> schema_;
  std::optional<py::list> description_;
  std::optional<py::list> rows_;
  std::size_t position_ = 0;
  bool open_ = true;
  std::string query_id_;
};

// The callable (cursor -> response) that get_response uses: the adapter package builds dbt's
// response objects; the bindings only report what Spark and Delta said.
void set_response_builder(py::object builder);

}  // namespace dbt_session::bindings
