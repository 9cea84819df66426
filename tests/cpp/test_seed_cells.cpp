// bindings/seed_cells.hpp: the CSV cell shapes whose agate reading is certain, and the agate
// types that cast each (tests/python/test_seed_table.py compares whole files with agate).
#include <doctest/doctest.h>

#include "bindings/seed_cells.hpp"

namespace {

using dbt_session::bindings::CellReading;
using dbt_session::bindings::CellShape;
using dbt_session::bindings::is_text_null;
using dbt_session::bindings::read_cell;
using dbt_session::bindings::SeedType;
using dbt_session::bindings::type_bit;
using dbt_session::bindings::types_accepting;

CellShape shape_of(const char* text) {
  return read_cell(text).shape;
}

}  // namespace

TEST_CASE("empty text and null in any case are every type's None but Integer's") {
  CHECK(shape_of("") == CellShape::kNull);
  CHECK(shape_of("null") == CellShape::kNull);
  CHECK(shape_of("NuLL") == CellShape::kNull);
  CHECK((types_accepting(CellShape::kNull) & type_bit(SeedType::kInteger)) == 0);
  CHECK((types_accepting(CellShape::kNull) & type_bit(SeedType::kDate)) != 0);
  // agate strips before comparing: a padded null is left to agate.
  CHECK(shape_of(" null") == CellShape::kOther);
}

TEST_CASE("plain decimals are Numbers, with the places MaxPrecision counts after normalize") {
  const CellReading plain = read_cell("-12.50");
  CHECK(plain.shape == CellShape::kNumber);
  CHECK(plain.whole_places == 2);
  CHECK(plain.decimal_places == 1);  // 12.5
  const CellReading hundred = read_cell("100");
  CHECK(hundred.whole_places == 3);
  CHECK(hundred.decimal_places == -2);  // 1E+2
  const CellReading small = read_cell("0.05");
  CHECK(small.whole_places == -1);
  CHECK(small.decimal_places == 2);
  const CellReading zero = read_cell("-0.000");
  CHECK(zero.whole_places == 1);
  CHECK(zero.decimal_places == 0);
  CHECK(types_accepting(CellShape::kNumber) ==
        (type_bit(SeedType::kNumber) | type_bit(SeedType::kText)));
}

TEST_CASE("numbers agate reads by other rules are left to agate") {
  for (const char* text : {"1,000", "$5", "1e5", ".5", "5.", "+1", "NaN", "inf", "1_000", " 1", "-",
                           "12345678901234567890123456789"}) {
    CAPTURE(text);
    CHECK(shape_of(text) == CellShape::kOther);
  }
  CHECK(shape_of("1234567890123456789012345678") == CellShape::kNumber);  // 28 digits
}

TEST_CASE("dates and timestamps in the tester's formats, when real") {
  const CellReading date = read_cell("2024-02-29");
  CHECK(date.shape == CellShape::kDate);
  CHECK(date.year == 2024);
  CHECK(date.month == 2);
  CHECK(date.day == 29);
  CHECK(shape_of("2023-02-29") == CellShape::kOther);  // strptime refuses it
  CHECK(shape_of("0000-01-01") == CellShape::kOther);  // before datetime's year 1
  CHECK(shape_of("2024-1-5") == CellShape::kOther);    // strptime reads it: agate decides
  const CellReading spaced = read_cell("2024-02-29 23:59:59");
  CHECK(spaced.shape == CellShape::kDateTime);
  CHECK(spaced.second == 59);
  CHECK(shape_of("2024-02-29T23:59:59") == CellShape::kIsoDateTime);
  CHECK(shape_of("2024-02-29 23:59:60") == CellShape::kOther);
  CHECK(shape_of("2024-02-29T23:59:59Z") == CellShape::kOther);
  CHECK(shape_of("2024-02-29T23:59:59.5") == CellShape::kOther);
  CHECK(types_accepting(CellShape::kIsoDateTime) ==
        (type_bit(SeedType::kIsoDateTime) | type_bit(SeedType::kText)));
}

TEST_CASE("true and false in any case are Booleans") {
  CHECK(read_cell("TRUE").truth);
  CHECK_FALSE(read_cell("False").truth);
  CHECK(shape_of("false") == CellShape::kBoolean);
  CHECK(shape_of("yes") == CellShape::kOther);
}

TEST_CASE("a text cell is None when it strips to empty or null; not ASCII is left to Python") {
  bool known = false;
  CHECK(is_text_null("  NULL\t", known));
  CHECK(known);
  CHECK(is_text_null("", known));
  CHECK_FALSE(is_text_null("null value", known));
  CHECK_FALSE(is_text_null("\xc2\xa0null", known));  // a no-break space before it
  CHECK_FALSE(known);
}
