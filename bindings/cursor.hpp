#pragma once
// The DB-API cursor dbt-databricks reads results from (see DESIGN.md, "Handle and cursor
// contract"). A Spark result is collected once, on the first fetch, so DDL never moves rows.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <optional>
#include <string>

namespace dbt_session::bindings {

namespace py = pybind11;

class Cursor {
 public:
  // A Spark result: `dataframe` is what spark.sql returned.
  Cursor(py::object dataframe, std::string query_id);
  // A result built here (listings): the description and tuples are final.
  Cursor(py::list description, py::list rows, std::string query_id);

  py::object description();
  py::list fetchall();
  py::list fetchmany(std::size_t size);
  py::object fetchone();
  void close();
  void cancel() { close(); }
  // dbt's AdapterResponse, with rows_affected when Delta reports it (num_affected_rows).
  py::object get_response();
  const std::string& query_id() const { return query_id_; }
  bool is_open() const { return open_; }

 private:
  const py::list& rows();
  void require_open() const;
  bool reports_affected_rows();

  py::object dataframe_;
  std::optional<py::list> description_;
  std::optional<py::list> rows_;
  std::size_t position_ = 0;
  bool open_ = true;
  std::string query_id_;
};

}  // namespace dbt_session::bindings
