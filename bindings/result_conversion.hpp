#pragma once
// Turns Spark results into what dbt's agate tables take: DB-API `description` tuples with
// string type codes (dbt-spark's data_type_code_to_name passes strings through) and rows as
// the connector's Row tuples of scalars.
#include <pybind11/pybind11.h>

namespace dbt_session::bindings {

namespace py = pybind11;

// [(name, type, None, None, precision, scale, nullable), ...] from a pyspark StructType, typed
// like databricks-sql-connector's (bare type names; precision and scale for decimals).
py::list describe_schema(const py::handle& schema);

// The rows of `dataframe` (whose StructType is `schema`), collected, as databricks-sql-connector
// Rows with the same names: tuples whose values are also read by name (row.key, row["key"],
// asDict()), as from the connector's cursor. Nested values (structs, arrays, maps) become JSON
// text, because agate has no type for them (the connector's own differ: docs/compatibility.md).
// TIMESTAMP values become aware datetimes in UTC, as the connector returns them; TIMESTAMP_NTZ
// values stay naive; intervals become the connector's text.
py::list collect_rows(const py::object& dataframe, const py::handle& schema);

// A description for a result built here (listings), every column a string.
py::list describe_string_columns(std::initializer_list<const char*> names);

}  // namespace dbt_session::bindings
