#pragma once
// The shapes of CSV cell text whose agate reading is certain without asking agate. dbt-core
// reads a seed with agate (dbt_common.clients.agate_helper.from_csv): each column's type is the
// first of its type tester's types (Integer, Number, Date, DateTime, ISODateTime, Boolean,
// Text) that casts every cell of the column, and the values are those casts. Reading millions
// of cells that way is most of a large seed's time and memory. For the common shapes below,
// which of those types cast a cell, and to what, follows from their cast methods (agate 1.9,
// dbt-common 1.x):
//   - Integer casts no text at all (only Python ints), so a CSV column is never Integer unless
//     it has no cells;
//   - every type but Integer reads "" and "null" (any case) as None;
//   - Number strips a leading '-' and parses the rest with Decimal (a plain decimal parses);
//   - Date and DateTime parse with strptime("%Y-%m-%d") and ("%Y-%m-%d %H:%M:%S"),
//     ISODateTime with isodate, which needs a 'T'; Boolean reads "true"/"false" (any case);
//   - Text takes everything.
// Any other text (spaces around it, "1,000", "$5", "NaN", ".5", fractions of seconds, time
// zones, non-ASCII digits) is kOther: the caller asks agate's own types about it.
#include <cstdint>
#include <string_view>

namespace dbt_session::bindings {

// dbt's type tester's types, in its order of preference.
enum class SeedType : std::uint8_t {
  kInteger,
  kNumber,
  kDate,
  kDateTime,
  kIsoDateTime,
  kBoolean,
  kText
};
inline constexpr int kSeedTypeCount = 7;

// A set of SeedTypes, one bit each.
using SeedTypeSet = std::uint8_t;
constexpr SeedTypeSet type_bit(SeedType type) {
  return SeedTypeSet(1u << int(type));
}
inline constexpr SeedTypeSet kAllSeedTypes = (1u << kSeedTypeCount) - 1;

enum class CellShape : std::uint8_t {
  kNull,         // "" or "null" in any case
  kNumber,       // -?[0-9]+(\.[0-9]+)?, at most 28 digits (Decimal's context rounds beyond)
  kDate,         // YYYY-MM-DD, a real date from year 1
  kDateTime,     // YYYY-MM-DD HH:MM:SS
  kIsoDateTime,  // YYYY-MM-DDTHH:MM:SS
  kBoolean,      // "true" or "false" in any case
  kOther,        // anything else: agate decides
};

struct CellReading {
  CellShape shape = CellShape::kOther;
  // kDate, kDateTime, kIsoDateTime
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool truth = false;  // kBoolean
  // kNumber: the places agate's MaxPrecision counts for the value (Decimal.normalize():
  // digits before the point, negative for 0.0x; digits after it, negative for 100).
  int whole_places = 0;
  int decimal_places = 0;
};

// How agate reads `text` (a cell as the csv module gives it, UTF-8), as far as certain.
CellReading read_cell(std::string_view text);

// The types of dbt's type tester that cast a cell of `shape`; for kOther, every type (unknown).
SeedTypeSet types_accepting(CellShape shape);

// Text.cast's None: `text.strip().lower()` is "" or "null". False for text that is not ASCII,
// whose strip and lower only Python knows (`known` is then false).
bool is_text_null(std::string_view text, bool& known);

}  // namespace dbt_session::bindings
