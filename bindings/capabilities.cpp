#include "bindings/capabilities.hpp"

#include <cctype>
#include <string>

namespace dbt_session::bindings {
namespace {

// Reads a number without leading zero ("0" alone is allowed) at `pos`; mirrors the
// `[1-9][0-9]*` / `0` alternatives of dbt-databricks' DBR_VERSION_REGEX.
std::optional<std::int64_t> read_number(std::string_view text, std::size_t& pos, bool allow_zero) {
  if (pos >= text.size() || !std::isdigit(static_cast<unsigned char>(text[pos]))) return {};
  if (text[pos] == '0') {
    if (!allow_zero) return {};
    ++pos;
    return 0;
  }
  std::int64_t value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (value > (INT64_MAX - 9) / 10) return {};
    value = value * 10 + (text[pos++] - '0');
  }
  return value;
}

}  // namespace

std::optional<DbrVersion> parse_dbr_version(std::string_view tag) {
  for (std::size_t start = 0; start < tag.size(); ++start) {
    std::size_t pos = start;
    const auto major = read_number(tag, pos, /*allow_zero=*/false);
    if (!major || pos >= tag.size() || tag[pos] != '.') continue;
    ++pos;
    if (pos < tag.size() && tag[pos] == 'x') return DbrVersion{*major, DbrVersion::kAnyMinor};
    if (const auto minor = read_number(tag, pos, /*allow_zero=*/true)) {
      return DbrVersion{*major, *minor};
    }
  }
  return std::nullopt;
}

std::optional<DbrVersion> runtime_version(const pybind11::handle& spark) {
  const pybind11::object tag = spark.attr("conf").attr("get")(kDbrVersionConf, pybind11::none());
  if (tag.is_none()) return std::nullopt;
  return parse_dbr_version(tag.cast<std::string>());
}

}  // namespace dbt_session::bindings
