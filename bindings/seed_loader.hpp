#pragma once
// Loads a dbt seed's rows into the table dbt just created for it, with one DataFrame write
// instead of dbt-databricks' batches of `insert ... values (%s, ...)` (10,000 rows and one bound
// parameter per cell each). The rows go to Spark in bounded batches (kSeedBatchRows rows, cut
// into DataFrames of at most kSeedFrameBytes of Arrow data), united into that one write. The values
// take the same route into the table as the bound parameters do: each agate value becomes the Spark
// value its literal would be (pyspark's `lit`: str, bool, int, Decimal, date, and datetime
// converted with TimestampType.toInternal), and the table's own store-assignment rules cast them to
// the column types `create_csv_table` chose (insertInto resolves by position, like INSERT ...
// VALUES); Decimals that no Spark decimal holds together go as doubles, as dbt-databricks binds
// every Decimal (translate_bindings). Nothing is rendered as SQL.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bindings/session_handle.hpp"

namespace dbt_session::bindings {

namespace py = pybind11;

// The Python type of a seed column's values, one per agate data type dbt infers
// (dbt_common.clients.agate_helper.build_type_tester).
enum class SeedValueKind { kText, kBoolean, kInteger, kDecimal, kDate, kTimestamp };

// "text", "boolean", "integer", "decimal", "date" or "timestamp"; anything else is a
// DbtRuntimeError naming the column.
SeedValueKind parse_seed_value_kind(const std::string& column, const std::string& kind);

// Rows converted to Arrow at a time: what the host holds beyond dbt's own agate table, and one
// output file of the write per batch.
inline constexpr std::size_t kSeedBatchRows = 100000;

// Arrow bytes per DataFrame sent to Spark. Each becomes a local relation whose rows travel
// inside the tasks that scan it; Spark warns about a task over 1000 KiB (TaskSetManager's
// "task of very large size"), and a local relation's rows take more room than its Arrow data.
inline constexpr std::size_t kSeedFrameBytes = 512 * 1024;

struct SeedColumn {
  std::string name;
  SeedValueKind kind;
};

// The next row's values in column order; nullopt after the last row.
using SeedRowSource = std::function<std::optional<py::tuple>()>;

// Replaces the rows of `table` (a rendered relation name) with the rows of `next_row` on the
// handle's session state, in batches of `batch_rows`; returns the number of rows written. No
// rows: nothing is written, like dbt-databricks, which then issues no statement.
std::size_t load_seed_rows(const SessionHandle& handle, const std::string& table,
                           const std::vector<SeedColumn>& columns, const SeedRowSource& next_row,
                           std::size_t batch_rows = kSeedBatchRows);

// The same for `rows`, sequences of values (agate's rows).
std::size_t load_seed_rows(const SessionHandle& handle, const std::string& table,
                           const std::vector<SeedColumn>& columns, const py::iterable& rows,
                           std::size_t batch_rows = kSeedBatchRows);

}  // namespace dbt_session::bindings
