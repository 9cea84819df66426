#include "bindings/seed_loader.hpp"

#include <utility>

#include "bindings/error_translation.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {
namespace {

// One list of values per column (agate gives rows; Arrow wants columns). Timestamps become
// microseconds since the epoch exactly as a bound datetime parameter does: pyspark's
// DatetimeConverter and TimestampType.toInternal both read a naive datetime in the Python
// process's local time zone (time.mktime) and an aware one by its offset.
std::vector<py::list> to_columns(const std::vector<SeedColumn>& columns, const py::iterable& rows) {
  std::vector<py::list> values(columns.size());
  const py::object to_micros =
      py::module_::import("pyspark.sql.types").attr("TimestampType")().attr("toInternal");
  std::size_t row_number = 0;
  for (const auto row : rows) {
    ++row_number;
    const py::tuple cells(py::reinterpret_borrow<py::object>(row));
    if (cells.size() != columns.size()) {
      raise_dbt_error("DbtRuntimeError", "seed row " + std::to_string(row_number) + " has " +
                                             std::to_string(cells.size()) + " values for " +
                                             std::to_string(columns.size()) + " columns");
    }
    for (std::size_t index = 0; index < columns.size(); ++index) {
      const py::handle cell = cells[index];
      if (columns[index].kind == SeedValueKind::kTimestamp && !cell.is_none()) {
        values[index].append(to_micros(cell));
      } else {
        values[index].append(cell);
      }
    }
  }
  return values;
}

py::object arrow_array(const py::module_& arrow, const SeedColumn& column, const py::list& values) {
  const auto typed = [&](const py::object& type) {
    return arrow.attr("array")(values, py::arg("type") = type);
  };
  switch (column.kind) {
    case SeedValueKind::kText:
      return typed(arrow.attr("string")());
    case SeedValueKind::kBoolean:
      return typed(arrow.attr("bool_")());
    case SeedValueKind::kInteger:
      return typed(arrow.attr("int64")());
    case SeedValueKind::kDate:
      return typed(arrow.attr("date32")());
    case SeedValueKind::kTimestamp:
      // UTC-based instants: Spark reads a zoned Arrow timestamp as TimestampType as is.
      return typed(arrow.attr("timestamp")("us", py::arg("tz") = "UTC"));
    case SeedValueKind::kDecimal:
      break;
  }
  // Arrow infers one decimal type wide enough for every value (the common type Spark gives a
  // VALUES column of decimal literals); beyond 38 digits it needs decimal256, which neither
  // Spark literals nor Spark columns can hold.
  py::object array = arrow.attr("array")(values);
  const py::object types = arrow.attr("types");
  if (types.attr("is_null")(array.attr("type")).cast<bool>()) {
    return typed(arrow.attr("decimal128")(1, 0));
  }
  if (!types.attr("is_decimal128")(array.attr("type")).cast<bool>()) {
    raise_dbt_error("DbtRuntimeError", "seed column '" + column.name +
                                           "' has numbers with more than 38 digits (" +
                                           py::str(array.attr("type")).cast<std::string>() +
                                           "), more than a Spark decimal holds");
  }
  return array;
}

// pyspark 4.0's createDataFrame takes a pyarrow Table; 3.5's does not (classic or Connect):
// there the table's rows go in as Python values with the table's schema (from_arrow_schema:
// a UTC timestamp column is TimestampType, read as the same instants).
py::object data_frame(const py::object& spark, const py::object& table) {
  if (!pyspark_before(4, 0)) return spark.attr("createDataFrame")(table);
  const py::object schema = py::module_::import("pyspark.sql.pandas.types")
                                .attr("from_arrow_schema")(table.attr("schema"));
  py::list rows;
  for (const auto row : table.attr("to_pylist")()) rows.append(py::tuple(row.attr("values")()));
  return spark.attr("createDataFrame")(rows, py::arg("schema") = schema);
}

}  // namespace

SeedValueKind parse_seed_value_kind(const std::string& column, const std::string& kind) {
  static const std::pair<const char*, SeedValueKind> kinds[] = {
      {"text", SeedValueKind::kText},       {"boolean", SeedValueKind::kBoolean},
      {"integer", SeedValueKind::kInteger}, {"decimal", SeedValueKind::kDecimal},
      {"date", SeedValueKind::kDate},       {"timestamp", SeedValueKind::kTimestamp},
  };
  for (const auto& [name, value] : kinds) {
    if (kind == name) return value;
  }
  raise_dbt_error("DbtRuntimeError", "seed column '" + column + "' has values of kind '" + kind +
                                         "', which the fast seed load does not know");
}

std::size_t load_seed_rows(const SessionHandle& handle, const std::string& table,
                           const std::vector<SeedColumn>& columns, const py::iterable& rows) {
  if (!handle.is_open()) {
    raise_dbt_error("DbtRuntimeError", "Attempting to load seed rows on a closed connection");
  }
  const std::vector<py::list> values = to_columns(columns, rows);
  const std::size_t row_count = columns.empty() ? 0 : py::len(values.front());
  if (row_count == 0) return 0;
  return translating_spark_errors([&] {
    const py::module_ arrow = py::module_::import("pyarrow");
    py::list arrays;
    py::list names;
    for (std::size_t index = 0; index < columns.size(); ++index) {
      arrays.append(arrow_array(arrow, columns[index], values[index]));
      // insertInto matches columns by position; positional names avoid any clash with
      // seed headers Arrow or Spark would treat specially (dots, duplicates after casing).
      names.append("c" + std::to_string(index));
    }
    const py::object batch =
        arrow.attr("Table").attr("from_arrays")(arrays, py::arg("names") = names);
    const py::object frame = data_frame(handle.spark(), batch);
    // One atomic overwrite on Delta, like the first `insert overwrite` batch of the standard
    // path (the table was created or replaced just before, so nothing else is lost).
    frame.attr("write").attr("insertInto")(table, py::arg("overwrite") = true);
    return row_count;
  });
}

}  // namespace dbt_session::bindings
