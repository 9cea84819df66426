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

// `dataframe` (whose StructType is `schema`) in a form pyspark's collect() can convert: a
// year-month interval column as its number of months (connector_rows writes it as text).
py::object collectable(const py::object& dataframe, const py::handle& schema);

// Rows (pyspark Row objects, collected from collectable()) as databricks-sql-connector Rows with
// the same names: tuples whose values are also read by name (row.key, row["key"], asDict()), as
// from the connector's cursor. Nested values (structs, arrays, maps) become JSON text, because
// agate has no type for them (the connector's own differ: docs/compatibility.md). TIMESTAMP
// values (`schema`, the result's StructType) become aware datetimes in UTC, as the connector
// returns them; TIMESTAMP_NTZ values stay naive; intervals become the connector's text.
py::list connector_rows(const py::handle& rows, const py::handle& schema);

// A description for a result built here (listings), every column a string.
py::list describe_string_columns(std::initializer_list<const char*> names);

}  // namespace dbt_session::bindings
