#include "bindings/result_conversion.hpp"

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

}  // namespace

py::list describe_schema(const py::handle& schema) {
  py::list description;
  for (const auto field : schema.attr("fields")) {
    description.append(py::make_tuple(field.attr("name"), field.attr("dataType").attr("simpleString")(),
                                      py::none(), py::none(), py::none(), py::none(),
                                      field.attr("nullable")));
  }
  return description;
}

py::list rows_as_tuples(const py::handle& rows) {
  py::list converted;
  py::object dumps;
  py::object as_text;
  for (const auto row : rows) {
    const auto values = py::reinterpret_borrow<py::tuple>(row);
    py::tuple out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      py::object value = values[i];
      if (is_nested(value)) {
        if (!dumps) {
          dumps = py::module_::import("json").attr("dumps");
          as_text = py::module_::import("builtins").attr("str");  // dates, decimals inside
        }
        value = dumps(plain_value(value), py::arg("default") = as_text);
      }
      out[i] = value;
    }
    converted.append(out);
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
