#pragma once
// One dbt connection's handle onto Spark (the contract dbt-databricks calls, DESIGN.md).
// A handle owns its session state (bindings/session_state.hpp).
// Closing a handle never stops Spark: dbt closes connections after every node.
#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bindings/capabilities.hpp"
#include "bindings/cursor.hpp"
#include "bindings/job_labels.hpp"

namespace dbt_session::bindings {

namespace py = pybind11;

struct HandleOptions {
  std::string catalog = "hive_metastore";
  std::optional<std::string> schema;
  py::dict session_properties;
};

class SessionHandle {
 public:
  SessionHandle(const py::object& root, const HandleOptions& options);

  Cursor execute(const std::string& sql, const py::object& bindings);
  Cursor list_tables(const std::string& database, const std::string& schema);
  Cursor list_schemas(const std::string& database, const py::object& schema);
  // (major, minor) of the Databricks runtime; (0, 0) on OSS Spark, which has none.
  py::tuple dbr_version() const;
  void cancel();
  void close();
  void rollback() {}  // Delta commits each statement; there is no transaction to roll back
  const std::string& session_id() const { return session_id_; }
  bool is_open() const { return static_cast<bool>(spark_); }
  // The dbt node this connection works for (dbt names a node's connection after its
  // unique_id and renames it when the thread moves on) and dbt's invocation id: they label
  // its Spark jobs (bindings/job_labels.hpp).
  const std::string& node() const { return label_.node; }
  void set_node(std::string node) { label_.node = std::move(node); }
  const std::string& invocation_id() const { return label_.invocation_id; }
  void set_invocation_id(std::string id) { label_.invocation_id = std::move(id); }
  // The session state, for the caller to hold for its whole call: dbt's main thread may close
  // this handle (cancel_open, on an interrupt) while a worker's call on it has released the
  // GIL, and a member read after that would be gone. A closed handle raises DbtRuntimeError.
  py::object spark() const;

 private:
  void set_session_property(const std::string& key, const std::string& value);
  void require_open() const;
  py::object run_statement(const std::string& text, const py::list& values);
  void use_schema(const HandleOptions& options);
  std::string next_query_id();
  py::list collect_names(const std::string& statement, const char* column);
  void label_jobs(const py::object& spark, const std::string& statement) const;

  py::object spark_;
  py::object root_;  // the shared session spark_ was made from (released with it on Spark Connect)
  std::string session_id_;
  JobLabel label_;
  std::optional<DbrVersion> dbr_version_;
  std::uint64_t statements_ = 0;
};

// `name` quoted as a Spark identifier (backticks, inner backticks doubled).
std::string quote_identifier(const std::string& name);

}  // namespace dbt_session::bindings
