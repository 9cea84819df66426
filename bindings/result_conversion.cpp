#include "bindings/result_conversion.hpp"

#include <string>
#include <vector>

namespace dbt_session::bindings {
namespace {

bool is_nested(const py::handle& value) {
  // pyspark's Row subclasses tuple; arrays arrive as lists and maps as dicts.
  return PyTuple_Check(value.ptr()) || PyList_Check(value.ptr()) || PyDict_Check(value.ptr());
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
      items[item.first] = plain_value(item.second);
    }
    return std::move(items);
  }
  if (PyTuple_Check(value.ptr()) && py::hasattr(value, "asDict")) {
    return value.attr("asDict")(py::arg("recursive") = true);
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

// Whether each column is a TIMESTAMP (an instant; not TIMESTAMP_NTZ). pyspark's collect() gives
// its values as naive datetimes in the Python process's zone (TimestampType.fromInternal);
// databricks-sql-connector gives the same instant as an aware datetime, because the server's
// Arrow data carries the session zone (UTC on clusters).
std::vector<bool> instant_columns(const py::handle& schema) {
  const py::object timestamp_type = py::module_::import("pyspark.sql.types").attr("TimestampType");
  std::vector<bool> instants;
  for (const auto field : schema.attr("fields")) {
    instants.push_back(py::isinstance(field.attr("dataType"), timestamp_type));
  }
  return instants;
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

py::list connector_rows(const py::handle& rows, const py::handle& schema) {
  py::list converted;
  py::object dumps;
  py::object as_text;
  py::object row_type;
  const std::vector<bool> instants = instant_columns(schema);
  py::object utc;
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
      } else if (i < instants.size() && instants[i] && !value.is_none()) {
        if (!utc) utc = py::module_::import("datetime").attr("timezone").attr("utc");
        value = value.attr("astimezone")(utc);  // a naive datetime is read as local time
      }
      out[i] = value;
    }
    converted.append(row_type(*out));
  }
  return converted;
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
