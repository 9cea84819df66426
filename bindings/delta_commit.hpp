#pragma once
// The last commit Delta's log holds for a table: what a write statement did when Spark itself
// answers with no metrics row (OSS Delta's CTAS and INSERT; MERGE, UPDATE and DELETE answer
// with num_affected_rows).
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

namespace dbt_session::bindings {

namespace py = pybind11;

// {"version": int, "operation": str, "metrics": {name: str}} of the table's latest commit:
// from Delta's log through the JVM on classic Spark with Apache Delta, else from
// `DESCRIBE HISTORY <table> LIMIT 1` (the name parts quoted as identifiers). None when Spark
// refuses the lookup. The caller asks only about a Delta table that it has just written.
py::object last_delta_commit(const py::object& spark, const std::vector<std::string>& table);

}  // namespace dbt_session::bindings
