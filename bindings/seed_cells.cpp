#include "bindings/seed_cells.hpp"

#include <cstddef>
#include <string>

namespace dbt_session::bindings {
namespace {

// Decimal's default context keeps 28 digits: Number's `Decimal(d) * sign` rounds longer ones.
constexpr std::size_t kDecimalDigits = 28;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (ascii_lower(text[i]) != lower[i]) return false;
  }
  return true;
}

// The number of `count` digits at `text[at]`, or -1 when any is not a digit.
int digits_at(std::string_view text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

// YYYY-MM-DD at the start of `text`, a date Python's datetime accepts (years 1 to 9999).
bool read_date(std::string_view text, CellReading& reading) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  reading.year = digits_at(text, 0, 4);
  reading.month = digits_at(text, 5, 2);
  reading.day = digits_at(text, 8, 2);
  return reading.year >= 1 && reading.month >= 1 && reading.month <= 12 && reading.day >= 1 &&
         reading.day <= days_in_month(reading.year, reading.month);
}

// HH:MM:SS at text[at], seconds up to 59 (strptime's %S reads 60 and 61, datetime refuses them).
bool read_time(std::string_view text, std::size_t at, CellReading& reading) {
  if (text.size() != at + 8 || text[at + 2] != ':' || text[at + 5] != ':') return false;
  reading.hour = digits_at(text, at, 2);
  reading.minute = digits_at(text, at + 3, 2);
  reading.second = digits_at(text, at + 6, 2);
  return reading.hour >= 0 && reading.hour <= 23 && reading.minute >= 0 && reading.minute <= 59 &&
         reading.second >= 0 && reading.second <= 59;
}

bool read_timestamp(std::string_view text, CellReading& reading) {
  if (text.size() == 10) {
    reading.shape = CellShape::kDate;
    return read_date(text, reading);
  }
  if (text.size() != 19 || !read_date(text, reading) || !read_time(text, 11, reading)) {
    return false;
  }
  if (text[10] == ' ') {
    reading.shape = CellShape::kDateTime;
  } else if (text[10] == 'T') {
    reading.shape = CellShape::kIsoDateTime;
  } else {
    return false;
  }
  return true;
}

// -?[0-9]+(\.[0-9]+)? with at most kDecimalDigits digits, and the places MaxPrecision counts.
bool read_number(std::string_view text, CellReading& reading) {
  std::size_t at = text.empty() || text[0] != '-' ? 0 : 1;
  const std::size_t whole_start = at;
  while (at < text.size() && is_digit(text[at])) ++at;
  const std::size_t whole_end = at;
  if (whole_end == whole_start) return false;
  std::size_t fraction_start = at, fraction_end = at;
  if (at < text.size()) {
    if (text[at] != '.') return false;
    fraction_start = ++at;
    while (at < text.size() && is_digit(text[at])) ++at;
    fraction_end = at;
    if (fraction_end == fraction_start || at != text.size()) return false;
  }
  if ((whole_end - whole_start) + (fraction_end - fraction_start) > kDecimalDigits) return false;
  // Decimal.normalize(): the coefficient's digits without leading and trailing zeros, each
  // trailing zero moving the exponent up by one; zero is 0E0.
  std::string digits(text.substr(whole_start, whole_end - whole_start));
  digits += text.substr(fraction_start, fraction_end - fraction_start);
  int exponent = -int(fraction_end - fraction_start);
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    reading.whole_places = 1;
    reading.decimal_places = 0;
  } else {
    const std::size_t last = digits.find_last_not_of('0');
    exponent += int(digits.size() - 1 - last);
    reading.decimal_places = -exponent;
    reading.whole_places = int(last - first + 1) - reading.decimal_places;
  }
  reading.shape = CellShape::kNumber;
  return true;
}

}  // namespace

CellReading read_cell(std::string_view text) {
  CellReading reading;
  if (text.empty() || equals_ignoring_case(text, "null")) {
    reading.shape = CellShape::kNull;
  } else if (equals_ignoring_case(text, "true") || equals_ignoring_case(text, "false")) {
    reading.shape = CellShape::kBoolean;
    reading.truth = ascii_lower(text[0]) == 't';
  } else if (read_number(text, reading) || read_timestamp(text, reading)) {
    return reading;
  } else {
    reading = CellReading{};
  }
  return reading;
}

SeedTypeSet types_accepting(CellShape shape) {
  const SeedTypeSet text = type_bit(SeedType::kText);
  switch (shape) {
    case CellShape::kNull:
      return SeedTypeSet(kAllSeedTypes & ~type_bit(SeedType::kInteger));
    case CellShape::kNumber:
      return text | type_bit(SeedType::kNumber);
    case CellShape::kDate:
      return text | type_bit(SeedType::kDate);
    case CellShape::kDateTime:
      return text | type_bit(SeedType::kDateTime);
    case CellShape::kIsoDateTime:
      return text | type_bit(SeedType::kIsoDateTime);
    case CellShape::kBoolean:
      return text | type_bit(SeedType::kBoolean);
    case CellShape::kOther:
      break;
  }
  return kAllSeedTypes;
}

bool is_text_null(std::string_view text, bool& known) {
  known = true;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      known = false;
      return false;
    }
  }
  // str.strip()'s whitespace within ASCII: \t \n \v \f \r, \x1c to \x1f, and space.
  const auto is_space = [](char c) { return (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= ' '); };
  std::size_t begin = 0, end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  const std::string_view stripped = text.substr(begin, end - begin);
  return stripped.empty() || equals_ignoring_case(stripped, "null");
}

}  // namespace dbt_session::bindings
