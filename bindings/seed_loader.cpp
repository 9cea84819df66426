#include "bindings/seed_loader.hpp"

#include <algorithm>
#include <utility>

#include "bindings/error_translation.hpp"
#include "bindings/session_state.hpp"

namespace dbt_session::bindings {
namespace {

// One list of values per column of the next `limit` rows (agate gives rows; Arrow wants
// columns); `row_number` counts the rows taken so far. Timestamps become microseconds since
// the epoch exactly as a bound datetime parameter does: pyspark's DatetimeConverter and
// TimestampType.toInternal both read a naive datetime in the Python process's local time zone
// (time.mktime) and an aware one by its offset.
// `exhausted` is set once `next_row` has no more rows.
std::vector<py::list> next_columns(const std::vector<SeedColumn>& columns,
                                   const SeedRowSource& next_row, std::size_t limit,
                                   std::size_t& row_number, bool& exhausted) {
  std::vector<py::list> values(columns.size());
  const py::object to_micros =
      py::module_::import("pyspark.sql.types").attr("TimestampType")().attr("toInternal");
  for (std::size_t taken = 0; taken < limit; ++taken) {
    std::optional<py::tuple> row = next_row();
    if (!row) {
      exhausted = true;
      break;
    }
    ++row_number;
    const py::tuple& cells = *row;
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

// The widest decimal a column's batches had so far: its digits before and after the point.
// Each batch's Arrow array has the narrowest type that holds that batch's values; the union
// of the batches' DataFrames widens them to this (Spark's decimal widening, exact while the
// sum stays within 38 digits). Beyond, the column goes as double (load_seed_rows).
struct DecimalRange {
  int integer_digits = 0;
  int scale = 0;
  bool as_double = false;  // a batch's numbers need more than 38 digits together

  bool fits_a_spark_decimal() const { return !as_double && integer_digits + scale <= 38; }
};

// NaN and Infinity: agate reads them as Decimals, which no Spark decimal (nor Arrow's) holds.
void refuse_non_finite(const SeedColumn& column, const py::list& values) {
  for (const auto value : values) {
    if (!value.is_none() && !value.attr("is_finite")().cast<bool>()) {
      raise_dbt_error("DbtRuntimeError",
                      "seed column '" + column.name + "' holds " +
                          py::str(value).cast<std::string>() +
                          ", which no number column loads: leave the cell empty (NULL), or give "
                          "the column a text type in the seed's column_types (e.g. string)");
    }
  }
}

// The decimal column's values as doubles, as dbt-databricks binds every Decimal (its
// translate_bindings passes float(value) to the connector).
py::object double_array(const py::module_& arrow, const py::list& values) {
  py::list doubles;
  for (const auto value : values) {
    doubles.append(value.is_none()
                       ? py::none()
                       : py::object(py::float_(py::reinterpret_borrow<py::object>(value))));
  }
  return arrow.attr("array")(doubles, py::arg("type") = arrow.attr("float64")());
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
  // Arrow infers one decimal type wide enough for every value of the batch (the common type
  // Spark gives a VALUES column of decimal literals); beyond 38 digits it needs decimal256,
  // which neither Spark literals nor Spark columns can hold: then the batch goes as double.
  py::object array;
  try {
    array = arrow.attr("array")(values);
  } catch (py::error_already_set&) {
    refuse_non_finite(column, values);
    throw;
  }
  const py::object types = arrow.attr("types");
  if (types.attr("is_null")(array.attr("type")).cast<bool>()) {
    return typed(arrow.attr("decimal128")(1, 0));
  }
  if (!types.attr("is_decimal128")(array.attr("type")).cast<bool>()) {
    return double_array(arrow, values);
  }
  return array;
}

// The frames with each column that no Spark decimal holds cast to double, before their union
// would widen its decimals with a loss of digits.
py::list with_wide_decimals_as_double(const py::list& frames, const py::list& names,
                                      const std::vector<DecimalRange>& decimals) {
  if (std::all_of(decimals.begin(), decimals.end(),
                  [](const DecimalRange& range) { return range.fits_a_spark_decimal(); })) {
    return frames;
  }
  const py::object column = py::module_::import("pyspark.sql.functions").attr("col");
  py::list selected;
  for (std::size_t index = 0; index < decimals.size(); ++index) {
    py::object value = column(names[index]);
    if (!decimals[index].fits_a_spark_decimal()) value = value.attr("cast")("double");
    selected.append(value.attr("alias")(names[index]));
  }
  py::list cast;
  for (const auto frame : frames) cast.append(frame.attr("select")(selected));
  return cast;
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

// The batch as DataFrames of at most kSeedFrameBytes of Arrow data each (zero-copy slices).
void append_frames(const py::object& spark, const py::object& batch, py::list& frames) {
  const auto bytes = batch.attr("nbytes").cast<std::size_t>();
  const auto rows = batch.attr("num_rows").cast<std::size_t>();
  const std::size_t pieces =
      std::max<std::size_t>(1, (bytes + kSeedFrameBytes - 1) / kSeedFrameBytes);
  const std::size_t step = (rows + pieces - 1) / pieces;
  for (std::size_t offset = 0; offset < rows; offset += step) {
    frames.append(data_frame(spark, batch.attr("slice")(offset, step)));
  }
}

// One DataFrame of all frames, by position, as a balanced tree of unions: a chain of hundreds
// would nest as deep in the plan (and in a Spark Connect plan message).
py::object union_all(py::list frames) {
  while (py::len(frames) > 1) {
    py::list paired;
    for (std::size_t index = 0; index + 1 < py::len(frames); index += 2) {
      paired.append(frames[index].attr("union")(frames[index + 1]));
    }
    if (py::len(frames) % 2 == 1) paired.append(frames[py::len(frames) - 1]);
    frames = paired;
  }
  return frames[0];
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
                           const std::vector<SeedColumn>& columns, const py::iterable& rows,
                           std::size_t batch_rows) {
  py::iterator remaining = py::iter(rows);
  const SeedRowSource next_row = [&remaining]() -> std::optional<py::tuple> {
    if (remaining == py::iterator::sentinel()) return std::nullopt;
    py::tuple row(py::reinterpret_borrow<py::object>(*remaining));
    ++remaining;
    return row;
  };
  return load_seed_rows(handle, table, columns, next_row, batch_rows);
}

std::size_t load_seed_rows(const SessionHandle& handle, const std::string& table,
                           const std::vector<SeedColumn>& columns, const SeedRowSource& next_row,
                           std::size_t batch_rows) {
  if (!handle.is_open()) {
    raise_dbt_error("DbtRuntimeError", "Attempting to load seed rows on a closed connection");
  }
  if (columns.empty()) return 0;
  batch_rows = std::max<std::size_t>(1, batch_rows);
  const py::module_ arrow = py::module_::import("pyarrow");
  // insertInto matches columns by position; positional names avoid any clash with seed
  // headers Arrow or Spark would treat specially (dots, duplicates after casing).
  py::list names;
  for (std::size_t index = 0; index < columns.size(); ++index) {
    names.append("c" + std::to_string(index));
  }
  std::vector<DecimalRange> decimals(columns.size());
  py::list frames;
  std::size_t row_count = 0;
  std::size_t batches = 0;
  bool exhausted = false;
  while (!exhausted) {
    const std::vector<py::list> values =
        next_columns(columns, next_row, batch_rows, row_count, exhausted);
    if (py::len(values.front()) == 0) break;
    translating_spark_errors([&] {
      py::list arrays;
      for (std::size_t index = 0; index < columns.size(); ++index) {
        py::object array = arrow_array(arrow, columns[index], values[index]);
        if (columns[index].kind == SeedValueKind::kDecimal &&
            arrow.attr("types").attr("is_floating")(array.attr("type")).cast<bool>()) {
          decimals[index].as_double = true;
        } else if (columns[index].kind == SeedValueKind::kDecimal) {
          const py::object type = array.attr("type");
          const int scale = type.attr("scale").cast<int>();
          decimals[index].scale = std::max(decimals[index].scale, scale);
          decimals[index].integer_digits =
              std::max(decimals[index].integer_digits, type.attr("precision").cast<int>() - scale);
        }
        arrays.append(std::move(array));
      }
      const py::object batch =
          arrow.attr("Table").attr("from_arrays")(arrays, py::arg("names") = names);
      append_frames(handle.spark(), batch, frames);
    });
    ++batches;
  }
  if (row_count == 0) return 0;
  return translating_spark_errors([&] {
    frames = with_wide_decimals_as_double(frames, names, decimals);
    // Local relations' rows travel inside their tasks: a shuffle into one partition per batch
    // writes batch-sized files instead of one small file per frame (or a coalesced task that
    // carries every frame's rows).
    const py::object frame =
        union_all(frames).attr("repartition")(static_cast<py::ssize_t>(batches));
    // One atomic overwrite on Delta, like the first `insert overwrite` batch of the standard
    // path (the table was created or replaced just before, so nothing else is lost).
    frame.attr("write").attr("insertInto")(table, py::arg("overwrite") = true);
    return row_count;
  });
}

}  // namespace dbt_session::bindings
