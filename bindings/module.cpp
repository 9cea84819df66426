#include "bindings/module.hpp"

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings/catalog_alias.hpp"
#include "bindings/delta_commit.hpp"
#include "bindings/job_cancellation.hpp"
#include "bindings/python_model.hpp"
#include "bindings/run_interruption.hpp"
#include "bindings/seed_file.hpp"
#include "bindings/seed_loader.hpp"
#include "bindings/session_handle.hpp"
#include "bindings/session_info.hpp"
#include "bindings/session_source.hpp"
#include "bindings/session_state.hpp"
#include "bindings/spark_work.hpp"

namespace dbt_session::bindings {
namespace {

SessionHandle open_handle(const std::string& catalog, const std::optional<std::string>& schema,
                          const py::object& session_properties) {
  HandleOptions options;
  options.catalog = catalog;
  options.schema = schema;
  if (!session_properties.is_none()) options.session_properties = py::dict(session_properties);
  return SessionHandle(SessionSource::instance().root(), options);
}

// A seed's columns as Python gives them: (name, value kind) pairs (dbt_session.seeds).
using SeedColumnKinds = std::vector<std::pair<std::string, std::string>>;

std::vector<SeedColumn> seed_columns(const SeedColumnKinds& columns) {
  std::vector<SeedColumn> parsed;
  for (const auto& [name, kind] : columns)
    parsed.push_back({name, parse_seed_value_kind(name, kind)});
  return parsed;
}

// Type indexes in the order of dbt's type tester (SeedType).
std::vector<SeedType> seed_types(const std::vector<int>& indexes) {
  std::vector<SeedType> types;
  for (const int index : indexes) types.push_back(static_cast<SeedType>(index));
  return types;
}

void define_cursor(py::module_& module) {
  py::class_<Cursor>(module, "Cursor")
      .def_property_readonly("description", &Cursor::description)
      .def_property_readonly("query_id", &Cursor::query_id)
      .def_property_readonly("open", &Cursor::is_open)
      .def("fetchall", &Cursor::fetchall)
      .def("fetchmany", &Cursor::fetchmany, py::arg("size"))
      .def("fetchone", &Cursor::fetchone)
      .def("close", &Cursor::close)
      .def("cancel", &Cursor::cancel)
      .def("get_response", &Cursor::get_response)
      .def("affected_rows", &Cursor::affected_rows)
      .def("written_table", &Cursor::written_table)
      .def("last_commit", &Cursor::last_commit);
  module.def("set_response_builder", &set_response_builder, py::arg("builder"));
  module.def(
      "node_spark_work",
      [](std::string invocation_id, std::string node) {
        return node_spark_work(JobLabel{std::move(invocation_id), std::move(node)});
      },
      py::arg("invocation_id"), py::arg("node"));
}

void define_handle(py::module_& module) {
  py::class_<SessionHandle>(module, "SessionHandle")
      .def("execute", &SessionHandle::execute, py::arg("sql"), py::arg("bindings") = py::none())
      .def("list_tables", &SessionHandle::list_tables, py::arg("database"), py::arg("schema"))
      .def("list_schemas", &SessionHandle::list_schemas, py::arg("database"),
           py::arg("schema") = py::none())
      .def_property_readonly("dbr_version", &SessionHandle::dbr_version)
      .def_property_readonly("session_id", &SessionHandle::session_id)
      .def_property_readonly("open", &SessionHandle::is_open)
      .def_property_readonly("spark", &SessionHandle::spark)
      .def(
          "last_commit",
          [](const SessionHandle& handle, const std::vector<std::string>& table) {
            return last_delta_commit(handle.spark(), table);
          },
          py::arg("table"))
      .def_property("node", &SessionHandle::node, &SessionHandle::set_node)
      .def_property("invocation_id", &SessionHandle::invocation_id,
                    &SessionHandle::set_invocation_id)
      .def("cancel", &SessionHandle::cancel)
      .def("close", &SessionHandle::close)
      .def("rollback", &SessionHandle::rollback)
      .def("__str__", [](const SessionHandle& handle) {
        return "SessionHandle(session-id=" + handle.session_id() + ")";
      });
}

}  // namespace

void define_module(py::module_& module) {
  module.doc() = "dbt-session's C++ Spark connection for dbt-databricks";
  define_cursor(module);
  define_handle(module);
  module.def("open_handle", &open_handle, py::arg("catalog"), py::arg("schema") = py::none(),
             py::arg("session_properties") = py::none(),
             "A new connection handle with its own session state.");
  module.def(
      "use_session",
      [](py::object spark) { SessionSource::instance().use_session(std::move(spark)); },
      py::arg("spark"), "Run every connection on this (already running) SparkSession.");
  module.def("session_is_started", [] { return SessionSource::instance().has_session(); });
  module.def("start_session_early", [] { SessionSource::instance().start_early(); });
  module.def(
      "session", [] { return SessionSource::instance().root(); },
      "The SparkSession every connection works in (created on first use).");
  module.def("session_info", &session_info);
  module.def("unity_catalog_refusal", &unity_catalog_refusal, py::arg("key"), py::arg("value"),
             "The message refusing a Unity Catalog name on a session not on Databricks.");
  module.def(
      "session_creates_oss_spark", [] { return SessionSource::instance().creates_oss_spark(); },
      "Whether the session, not started yet, is known to be OSS Spark (the host creates it off "
      "Databricks): a Unity Catalog name in the profile is then refused when dbt reads it.");
  module.def(
      "run_python_model",
      [](const std::string& code, const std::string& invocation_id, const std::string& unique_id,
         const std::string& path, const std::string& source, long source_line,
         const py::object& log, double timeout_seconds) {
        run_python_model(
            code, PythonModel{invocation_id, unique_id, path, source, source_line, timeout_seconds},
            log);
      },
      py::arg("code"), py::arg("invocation_id"), py::arg("unique_id"), py::arg("path"),
      py::arg("source"), py::arg("source_line"), py::arg("log"), py::arg("timeout_seconds") = 0.0,
      "Run a dbt Python model's compiled code in its own session state.");
  module.def(
      "load_seed_rows",
      [](const SessionHandle& handle, const std::string& table, const SeedColumnKinds& columns,
         const py::iterable& rows, std::size_t batch_rows) {
        return load_seed_rows(handle, table, seed_columns(columns), rows, batch_rows);
      },
      py::arg("handle"), py::arg("table"), py::arg("columns"), py::arg("rows"),
      py::arg("batch_rows") = kSeedBatchRows,
      "Replace a seed table's rows with one DataFrame write, sending them to Spark batch_rows "
      "at a time; columns are (name, value kind).");
  module.def(
      "infer_seed_types",
      [](const py::iterable& rows, std::size_t columns, const py::sequence& tester_types,
         const std::vector<bool>& forced, const py::function& number_places,
         int precision) -> py::object {
        const auto inferred =
            infer_seed_types(rows, columns, tester_types, forced, number_places, precision);
        if (!inferred) return py::none();
        py::list types;
        for (const SeedType type : inferred->types) types.append(static_cast<int>(type));
        return py::make_tuple(inferred->rows, types, inferred->decimal_places);
      },
      py::arg("rows"), py::arg("columns"), py::arg("tester_types"), py::arg("forced"),
      py::arg("number_places"), py::arg("precision"),
      "Infer a seed file's column types as agate does: (rows, type indexes in the tester's "
      "order, MaxPrecision per column), or None when a row has more cells than columns.");
  module.def(
      "cast_seed_rows",
      [](const py::iterable& rows, const std::vector<int>& types,
         const py::sequence& type_objects) {
        const SeedRowSource next_row = seed_file_rows(rows, seed_types(types), type_objects);
        py::list cast;
        while (std::optional<py::tuple> row = next_row()) cast.append(*row);
        return cast;
      },
      py::arg("rows"), py::arg("types"), py::arg("type_objects"),
      "The rows as load_seed_file casts them (tuples of agate's values), in a list.");
  module.def(
      "load_seed_file",
      [](const SessionHandle& handle, const std::string& table, const SeedColumnKinds& columns,
         const py::iterable& rows, const std::vector<int>& types,
         const py::sequence& type_objects) {
        return load_seed_file(handle, table, seed_columns(columns), rows, seed_types(types),
                              type_objects);
      },
      py::arg("handle"), py::arg("table"), py::arg("columns"), py::arg("rows"), py::arg("types"),
      py::arg("type_objects"),
      "Replace a seed table's rows with a seed file's rows, each cell cast as agate casts it; "
      "columns are (name, value kind).");
  module.def("cancel_invocation_jobs", &cancel_invocation_jobs, py::arg("invocation_id"),
             py::arg("caller") = "",
             "Cancel the running Spark jobs of a dbt invocation; refuse its later statements, "
             "except those of the connection named `caller`.");
  module.def(
      "note_connections_cancelled", &note_connections_cancelled,
      "dbt has cancelled its open connections: statements that failed by the interrupt may end.");
  module.def(
      "release_session", [] { SessionSource::instance().reset(); },
      "Forget the session (it is not stopped).");
}

}  // namespace dbt_session::bindings
