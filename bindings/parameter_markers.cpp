#include "bindings/parameter_markers.hpp"

#include "bindings/sql_scanning.hpp"

namespace dbt_session::bindings {

MarkedSql to_spark_markers(std::string_view sql) {
  MarkedSql result;
  result.text.reserve(sql.size());
  std::size_t i = 0;
  while (i < sql.size()) {
    if (const std::size_t after = copy_opaque_span(sql, i, result.text); after != i) {
      i = after;
      continue;
    }
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '%' && next == 's') {
      result.text += '?';
      ++result.markers;
      i += 2;
    } else if (c == '%' && next == '%') {
      result.text += '%';
      i += 2;
    } else {
      if (c == '?') ++result.markers;
      result.text += c;
      ++i;
    }
  }
  return result;
}

}  // namespace dbt_session::bindings
