#pragma once
// A seed's CSV rows read as dbt's agate table reads them, without holding them: a first pass
// infers each column's agate type and MaxPrecision, a second converts each cell to the value
// agate would give and streams the rows into the seed table (bindings/seed_loader). dbt-core's
// own read (agate_helper.from_csv: every row cast and kept as Python objects) takes tens of
// seconds and about 1.9 GB for a million rows of 10 columns. Cells of the shapes
// bindings/seed_cells knows are read here; any other cell is asked of agate's own type objects
// (their test and cast), so the result is agate's in every case. The rows come from Python's csv
// module, as agate's do.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bindings/seed_cells.hpp"
#include "bindings/seed_loader.hpp"
#include "bindings/session_handle.hpp"

namespace dbt_session::bindings {

namespace py = pybind11;

struct SeedFileTypes {
  std::size_t rows = 0;
  std::vector<SeedType> types;      // per column; a forced column's is Text
  std::vector<int> decimal_places;  // agate.MaxPrecision of each column that is a Number
};

// Infers the types of `columns` columns from `rows` (lists of str, the header already read),
// as agate's TypeTester does with `tester_types` (dbt's, in SeedType order); `forced` columns
// (the seed's column_types) are not inferred. `number_places(Decimal)` gives a value's
// (whole, decimal) places or None (agate.utils.max_precision's per-value step), asked only for
// Number cells agate reads; `precision` is the decimal context's. Nullopt when a row has more
// cells than there are columns, which agate refuses with its own error.
std::optional<SeedFileTypes> infer_seed_types(const py::iterable& rows, std::size_t columns,
                                              const py::sequence& tester_types,
                                              const std::vector<bool>& forced,
                                              const py::function& number_places, int precision);

// The rows of `rows` (lists of str, as for infer_seed_types), each cell cast as agate casts it
// to its column's `types` entry (`type_objects`: the agate types, asked for cells
// bindings/seed_cells does not read; they raise agate's CastError for a cell they refuse).
SeedRowSource seed_file_rows(const py::iterable& rows, const std::vector<SeedType>& types,
                             const py::sequence& type_objects);

// Replaces the rows of `table` (`columns`, as for load_seed_rows) with
// seed_file_rows(rows, types, type_objects); returns the number of rows written.
std::size_t load_seed_file(const SessionHandle& handle, const std::string& table,
                           const std::vector<SeedColumn>& columns, const py::iterable& rows,
                           const std::vector<SeedType>& types, const py::sequence& type_objects);

}  // namespace dbt_session::bindings
