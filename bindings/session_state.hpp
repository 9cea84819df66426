#pragma once
// A fresh session state on the shared SparkSession: on classic Spark `root.newSession()`,
// which shares the SparkContext and every table but has its own SQL conf, temp views and
// current schema. Each dbt connection and each Python model works in one of these, so
// concurrent models cannot see each other's `SET`s or temp views.
#include <pybind11/pybind11.h>

namespace dbt_session::bindings {

namespace py = pybind11;

py::object new_session_state(const py::object& root);

// Readies a session for dbt's SQL: links its `hive_metastore` alias (catalog_alias.hpp)
// when the session was started with one and is not on Databricks. Applied to the root session
// too, since users query it directly (a notebook's `spark` after dbt_session.run, a test).
void prepare_session(const py::object& session);

}  // namespace dbt_session::bindings
