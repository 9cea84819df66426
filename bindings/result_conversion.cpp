#include "bindings/result_conversion.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace dbt_session::bindings {
namespace {

bool is_nested(const py::handle& value) {
  // pyspark's Row subclasses tuple; arrays arrive as lists and maps as dicts.
  return PyTuple_Check(value.ptr()) || PyList_Check(value.ptr()) || PyDict_Check(value.ptr());
}

py::object plain_value(const py::handle& value);

// A map's key as JSON can hold it: JSON's keys are text, and json.dumps writes only strings,
// numbers, booleans and None as keys. A date or decimal key is written as its text, a struct key
// as its JSON text.
py::object json_key(const py::handle& key) {
  if (key.is_none() || PyUnicode_Check(key.ptr()) || PyLong_Check(key.ptr()) ||
      PyFloat_Check(key.ptr())) {
    return py::reinterpret_borrow<py::object>(key);
  }
  if (is_nested(key)) {
    return py::module_::import("json").attr("dumps")(
        plain_value(key), py::arg("default") = py::module_::import("builtins").attr("str"));
  }
  return py::str(key);
}

// Structs (Row) become dicts with their field names, at any depth.
py::object plain_value(const py::handle& value) {
  if (PyList_Check(value.ptr())) {
    py::list items;
    for (const auto item : value) items.append(plain_value(item));
    return std::move(items);
  }
  if (PyDict_Check(value.ptr())) {
    py::dict items;
    for (const auto item : py::reinterpret_borrow<py::dict>(value)) {
      items[json_key(item.first)] = plain_value(item.second);
    }
    return std::move(items);
  }
  if (PyTuple_Check(value.ptr()) && py::hasattr(value, "__fields__")) {
    py::dict fields;
    const py::list names = value.attr("__fields__");
    const auto values = py::reinterpret_borrow<py::tuple>(value);
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
      fields[names[i]] = plain_value(values[i]);
    }
    return std::move(fields);
  }
  return py::reinterpret_borrow<py::object>(value);
}

// databricks-sql-connector reports a column's type code as the bare type name ("decimal",
// "array", "struct"; precision and scale in their own description fields), and dbt's contract
// check compares that name with the contract's data_type. Spark's simpleString() carries the
// parameters ("decimal(4,2)", "array<string>"): keep the name before them.
std::string connector_type_code(const py::handle& data_type) {
  const auto name = data_type.attr("simpleString")().cast<std::string>();
  return name.substr(0, name.find_first_of("(<"));
}

// What a column's values need on their way to dbt, by the column's type.
enum class ColumnKind {
  kAsCollected,
  // A TIMESTAMP (an instant; not TIMESTAMP_NTZ). databricks-sql-connector gives it as an aware
  // datetime, because the server's Arrow data carries the session zone (UTC on clusters).
  // pyspark's collect() converts through the Python process's local time
  // (TimestampType.fromInternal: datetime.fromtimestamp), which fails on the first day of year 1
  // ("year 0 is out of range"); collectable() hands the instant over as its microseconds since
  // the epoch (unix_micros) instead.
  kInstant,
  // ANSI intervals, which the connector receives as text (its thrift backend maps both interval
  // types to Arrow strings), written as the Thrift server writes them (Spark's HIVE_STYLE, as
  // the Databricks docs show results: `1-2`, `100 13:00:00.000000000`). pyspark cannot collect a
  // year-month interval at all (YearMonthIntervalType.fromInternal is not implemented), so
  // collectable() hands it over as its number of months.
  kYearMonthInterval,
  kDayTimeInterval,
  // A struct, array or map holding a year-month interval, which pyspark cannot collect either:
  // collectable() hands it over as Spark's JSON text of it (to_json), as nested values are text.
  kNestedYearMonthInterval,
  // BINARY: pyspark collects a bytearray, the connector returns bytes (Arrow's binary as_py).
  kBinary,
};

bool holds_year_month_interval(const py::handle& type) {
  // simpleString() names them `interval year`, `interval month`, `interval year to month`.
  const auto text = type.attr("simpleString")().cast<std::string>();
  return text.find("interval year") != std::string::npos ||
         text.find("interval month") != std::string::npos;
}

std::vector<ColumnKind> column_kinds(const py::handle& schema) {
  const auto types = py::module_::import("pyspark.sql.types");
  const py::object timestamp = types.attr("TimestampType");
  const py::object year_month = types.attr("YearMonthIntervalType");
  const py::object day_time = types.attr("DayTimeIntervalType");
  const py::object binary = types.attr("BinaryType");
  const py::tuple nested =
      py::make_tuple(types.attr("ArrayType"), types.attr("StructType"), types.attr("MapType"));
  std::vector<ColumnKind> kinds;
  for (const auto field : schema.attr("fields")) {
    const py::object type = field.attr("dataType");
    const bool nested_year_month =
        PyObject_IsInstance(type.ptr(), nested.ptr()) == 1 && holds_year_month_interval(type);
    kinds.push_back(py::isinstance(type, timestamp)    ? ColumnKind::kInstant
                    : py::isinstance(type, year_month) ? ColumnKind::kYearMonthInterval
                    : py::isinstance(type, day_time)   ? ColumnKind::kDayTimeInterval
                    : py::isinstance(type, binary)     ? ColumnKind::kBinary
                    : nested_year_month                ? ColumnKind::kNestedYearMonthInterval
                                                       : ColumnKind::kAsCollected);
  }
  return kinds;
}

bool rewritten_for_collect(ColumnKind kind) {
  return kind == ColumnKind::kInstant || kind == ColumnKind::kYearMonthInterval ||
         kind == ColumnKind::kNestedYearMonthInterval;
}

// Microseconds since the epoch as the connector gives a TIMESTAMP: an aware datetime in UTC.
// Past Python's last datetime in UTC (9999-12-31 23:00 local time west of UTC is in the year
// 10000 there), the same instant with the local zone's offset, read a day before the end of
// Python's range (no zone changes its offset on the last day of a year).
class InstantConversion {
 public:
  InstantConversion()
      : datetime_(py::module_::import("datetime")),
        utc_(datetime_.attr("timezone").attr("utc")),
        timedelta_(datetime_.attr("timedelta")),
        epoch_(datetime_.attr("datetime")(1970, 1, 1, 0, 0, 0, 0, utc_)) {}

  py::object operator()(long long micros) const {
    const py::object since_epoch = timedelta_(py::arg("microseconds") = micros);
    try {
      return epoch_.attr("__add__")(since_epoch);
    } catch (py::error_already_set& error) {
      if (!error.matches(PyExc_OverflowError)) throw;
      const py::object local =
          datetime_.attr("datetime")(9999, 12, 30, 0, 0, 0, 0, utc_).attr("astimezone")();
      const py::object wall = since_epoch.attr("__add__")(local.attr("utcoffset")());
      return epoch_.attr("replace")(py::arg("tzinfo") = py::none())
          .attr("__add__")(wall)
          .attr("replace")(py::arg("tzinfo") = local.attr("tzinfo"));
    }
  }

 private:
  py::module_ datetime_;
  py::object utc_;
  py::object timedelta_;
  py::object epoch_;
};

// `months` as `[-]years-months`.
std::string year_month_text(long long months) {
  const char* sign = months < 0 ? "-" : "";
  const unsigned long long size = months < 0 ? 0ULL - static_cast<unsigned long long>(months)
                                             : static_cast<unsigned long long>(months);
  return sign + std::to_string(size / 12) + "-" + std::to_string(size % 12);
}

// A timedelta as `[-]days hh:mm:ss.nnnnnnnnn`.
std::string day_time_text(const py::handle& delta) {
  const long long micros = delta.attr("days").cast<long long>() * 86'400'000'000LL +
                           delta.attr("seconds").cast<long long>() * 1'000'000LL +
                           delta.attr("microseconds").cast<long long>();
  const unsigned long long size = micros < 0 ? 0ULL - static_cast<unsigned long long>(micros)
                                             : static_cast<unsigned long long>(micros);
  const unsigned long long seconds = size / 1'000'000ULL;
  char clock[40];
  std::snprintf(clock, sizeof clock, " %02llu:%02llu:%02llu.%06llu000", seconds / 3600 % 24,
                seconds / 60 % 60, seconds % 60, size % 1'000'000ULL);
  return (micros < 0 ? "-" : "") + std::to_string(seconds / 86'400) + clock;
}

// `dataframe` in a form pyspark's collect() can convert: TIMESTAMP columns as microseconds
// since the epoch, year-month intervals as their number of months, nested ones as JSON text.
py::object collectable(const py::object& dataframe, const py::handle& schema,
                       const std::vector<ColumnKind>& kinds) {
  if (std::none_of(kinds.begin(), kinds.end(), rewritten_for_collect)) return dataframe;
  // Columns by position (a result may repeat a name), each under its own name again.
  const auto functions = py::module_::import("pyspark.sql.functions");
  py::list positions;
  for (std::size_t i = 0; i < kinds.size(); ++i) positions.append("_" + std::to_string(i));
  const py::object renamed = dataframe.attr("toDF")(*positions);
  py::list columns;
  std::size_t i = 0;
  for (const auto field : schema.attr("fields")) {
    const std::string column = positions[i].cast<std::string>();
    std::string expression = column;
    switch (kinds[i++]) {
      case ColumnKind::kInstant:
        expression = "unix_micros(" + column + ")";
        break;
      case ColumnKind::kYearMonthInterval: {
        // extract() takes only the fields of its interval's type (no YEAR of an INTERVAL MONTH).
        const std::string whole = "cast(" + column + " as interval year to month)";
        expression = "extract(YEAR FROM " + whole + ") * 12 + extract(MONTH FROM " + whole + ")";
        break;
      }
      case ColumnKind::kNestedYearMonthInterval:
        expression = "to_json(" + column + ")";
        break;
      default:
        break;
    }
    columns.append(functions.attr("expr")(expression).attr("alias")(field.attr("name")));
  }
  return renamed.attr("select")(*columns);
}

py::list connector_rows(const py::handle& rows, const std::vector<ColumnKind>& kinds) {
  py::list converted;
  py::object dumps;
  py::object as_text;
  py::object row_type;
  std::optional<InstantConversion> instant;
  for (const auto row : rows) {
    const auto values = py::reinterpret_borrow<py::tuple>(row);
    if (!row_type) {
      // The connector's own row class (databricks.sql.types), named by the result's columns
      // as its result set does; every collected pyspark Row carries the same names.
      const py::list names = row.attr("__fields__");
      row_type = py::module_::import("databricks.sql.types").attr("Row")(*names);
    }
    py::tuple out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      py::object value = values[i];
      if (is_nested(value)) {
        if (!dumps) {
          dumps = py::module_::import("json").attr("dumps");
          as_text = py::module_::import("builtins").attr("str");  // dates, decimals inside
        }
        value = dumps(plain_value(value), py::arg("default") = as_text);
      } else if (i < kinds.size() && !value.is_none()) {
        switch (kinds[i]) {
          case ColumnKind::kInstant:
            if (!instant) instant.emplace();
            value = (*instant)(value.cast<long long>());
            break;
          case ColumnKind::kYearMonthInterval:
            value = py::str(year_month_text(value.cast<long long>()));
            break;
          case ColumnKind::kDayTimeInterval:
            value = py::str(day_time_text(value));
            break;
          case ColumnKind::kBinary:
            value = py::reinterpret_steal<py::object>(PyBytes_FromObject(value.ptr()));
            if (!value) throw py::error_already_set();
            break;
          case ColumnKind::kNestedYearMonthInterval:  // Spark's JSON text already
          case ColumnKind::kAsCollected:
            break;
        }
      }
      out[i] = value;
    }
    converted.append(row_type(*out));
  }
  return converted;
}

}  // namespace

py::list describe_schema(const py::handle& schema) {
  py::list description;
  const py::object decimal_type = py::module_::import("pyspark.sql.types").attr("DecimalType");
  for (const auto field : schema.attr("fields")) {
    const py::object data_type = field.attr("dataType");
    py::object precision = py::none();
    py::object scale = py::none();
    if (py::isinstance(data_type, decimal_type)) {
      precision = data_type.attr("precision");
      scale = data_type.attr("scale");
    }
    description.append(py::make_tuple(field.attr("name"), connector_type_code(data_type),
                                      py::none(), py::none(), precision, scale,
                                      field.attr("nullable")));
  }
  return description;
}

py::list collect_rows(const py::object& dataframe, const py::handle& schema) {
  const std::vector<ColumnKind> kinds = column_kinds(schema);
  return connector_rows(collectable(dataframe, schema, kinds).attr("collect")(), kinds);
}

py::list describe_string_columns(std::initializer_list<const char*> names) {
  py::list description;
  for (const char* name : names) {
    description.append(
        py::make_tuple(name, "string", py::none(), py::none(), py::none(), py::none(), true));
  }
  return description;
}

}  // namespace dbt_session::bindings
