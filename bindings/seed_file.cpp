#include "bindings/seed_file.hpp"

// Python's C API for date and datetime objects (PyDateTime_IMPORT fills it once per file).
#include <datetime.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include "bindings/error_translation.hpp"
#include "bindings/seed_loader.hpp"

namespace dbt_session::bindings {
namespace {

std::string_view utf8_of(const py::handle cell) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(cell.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

// The first type of `candidates` in the tester's order of preference.
SeedType preferred(SeedTypeSet candidates) {
  for (int type = 0; type < kSeedTypeCount; ++type) {
    if (candidates & type_bit(SeedType(type))) return SeedType(type);
  }
  return SeedType::kText;  // not reached: Text casts every cell
}

struct ColumnInference {
  SeedTypeSet candidates = kAllSeedTypes;
  int whole_places = 1;  // agate.utils.max_precision's starting values
  int decimal_places = 0;

  void count_places(int whole, int decimals) {
    whole_places = std::max(whole_places, whole);
    decimal_places = std::max(decimal_places, decimals);
  }
};

// A cell bindings/seed_cells cannot read: agate's types say which of them cast it.
void ask_agate(ColumnInference& column, const py::handle cell, const py::sequence& tester_types,
               const py::function& number_places) {
  for (int type = 0; type < kSeedTypeCount; ++type) {
    const SeedTypeSet bit = type_bit(SeedType(type));
    if (SeedType(type) == SeedType::kText || !(column.candidates & bit)) continue;
    if (!tester_types[type].attr("test")(cell).cast<bool>()) column.candidates &= ~bit;
  }
  if (!(column.candidates & type_bit(SeedType::kNumber))) return;
  const py::object value = tester_types[int(SeedType::kNumber)].attr("cast")(cell);
  const py::object places = number_places(value);
  if (places.is_none()) return;
  const auto [whole, decimals] = places.cast<std::pair<int, int>>();
  column.count_places(whole, decimals);
}

// The value agate's cast to `type` gives `cell`; `type_object` (that agate type) casts the cells
// bindings/seed_cells does not read, and raises agate's CastError for a cell it refuses.
py::object cast_cell(const py::handle cell, SeedType type, const py::handle type_object,
                     const py::handle decimal) {
  const std::string_view text = utf8_of(cell);
  if (type == SeedType::kText) {
    bool known = false;
    const bool null = is_text_null(text, known);
    if (!known) return type_object.attr("cast")(cell);
    return null ? py::none() : py::reinterpret_borrow<py::object>(cell);
  }
  const CellReading reading = read_cell(text);
  if (!(types_accepting(reading.shape) & type_bit(type)) || reading.shape == CellShape::kOther) {
    return type_object.attr("cast")(cell);
  }
  switch (reading.shape) {
    case CellShape::kNull:
      return py::none();
    case CellShape::kNumber:
      // Number.cast's Decimal(d) * sign: the same value while there are at most 28 digits.
      return decimal(cell);
    case CellShape::kDate:
      return py::reinterpret_steal<py::object>(
          PyDate_FromDate(reading.year, reading.month, reading.day));
    case CellShape::kDateTime:
    case CellShape::kIsoDateTime:
      return py::reinterpret_steal<py::object>(
          PyDateTime_FromDateAndTime(reading.year, reading.month, reading.day, reading.hour,
                                     reading.minute, reading.second, 0));
    case CellShape::kBoolean:
      return py::bool_(reading.truth);
    case CellShape::kOther:
      break;
  }
  return type_object.attr("cast")(cell);
}

}  // namespace

std::optional<SeedFileTypes> infer_seed_types(const py::iterable& rows, std::size_t columns,
                                              const py::sequence& tester_types,
                                              const std::vector<bool>& forced,
                                              const py::function& number_places, int precision) {
  std::vector<ColumnInference> inference(columns);
  const SeedTypeSet text_only = type_bit(SeedType::kText);
  SeedFileTypes result;
  for (const py::handle row : rows) {
    ++result.rows;
    const py::sequence cells = py::reinterpret_borrow<py::sequence>(row);
    const std::size_t present = cells.size();
    if (present > columns) return std::nullopt;
    for (std::size_t index = 0; index < present; ++index) {
      ColumnInference& column = inference[index];
      if (forced[index] || column.candidates == text_only) continue;
      const py::object cell = cells[index];
      const CellReading reading = read_cell(utf8_of(cell));
      if (reading.shape == CellShape::kOther) {
        ask_agate(column, cell, tester_types, number_places);
        continue;
      }
      column.candidates &= types_accepting(reading.shape);
      if (reading.shape == CellShape::kNumber) {
        column.count_places(reading.whole_places, reading.decimal_places);
      }
    }
  }
  for (std::size_t index = 0; index < columns; ++index) {
    const ColumnInference& column = inference[index];
    // dbt forces the seed's column_types columns to Text (agate_helper.build_type_tester).
    result.types.push_back(forced[index] ? SeedType::kText : preferred(column.candidates));
    // max_precision keeps whole and decimal places within the context's digits.
    result.decimal_places.push_back(column.whole_places + column.decimal_places > precision
                                        ? precision - column.whole_places
                                        : column.decimal_places);
  }
  return result;
}

SeedRowSource seed_file_rows(const py::iterable& rows, const std::vector<SeedType>& types,
                             const py::sequence& type_objects) {
  if (PyDateTimeAPI == nullptr) PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) throw py::error_already_set();
  struct Source {
    py::iterator remaining;
    std::vector<SeedType> types;
    py::sequence type_objects;
    py::object decimal = py::module_::import("decimal").attr("Decimal");
    std::size_t row_number = 0;
  };
  auto source = std::make_shared<Source>(Source{py::iter(rows), types, type_objects});
  return [source]() -> std::optional<py::tuple> {
    Source& from = *source;
    if (from.remaining == py::iterator::sentinel()) return std::nullopt;
    const py::sequence cells = py::reinterpret_borrow<py::sequence>(*from.remaining);
    ++from.row_number;
    const std::size_t columns = from.types.size();
    if (cells.size() > columns) {
      raise_dbt_error("DbtRuntimeError", "seed row " + std::to_string(from.row_number) + " has " +
                                             std::to_string(cells.size()) + " values for " +
                                             std::to_string(columns) +
                                             " columns (the file changed while it loaded?)");
    }
    py::tuple values(columns);
    for (std::size_t index = 0; index < columns; ++index) {
      // agate pads a short row with None.
      values[index] = index < cells.size() ? cast_cell(cells[index], from.types[index],
                                                       from.type_objects[index], from.decimal)
                                           : py::none();
    }
    ++from.remaining;
    return values;
  };
}

std::size_t load_seed_file(const SessionHandle& handle, const std::string& table,
                           const std::vector<SeedColumn>& columns, const py::iterable& rows,
                           const std::vector<SeedType>& types, const py::sequence& type_objects) {
  return load_seed_rows(handle, table, columns, seed_file_rows(rows, types, type_objects));
}

}  // namespace dbt_session::bindings
