#include "bindings/parameter_markers.hpp"

namespace dbt_session::bindings {
namespace {

// Copies a quoted span starting at `i` (the opening quote) through its closing quote.
// Spark string literals escape with a backslash; identifiers double the backtick.
std::size_t copy_quoted(std::string_view sql, std::size_t i, std::string& out) {
  const char quote = sql[i];
  out += sql[i++];
  while (i < sql.size()) {
    const char c = sql[i];
    out += c;
    ++i;
    if (c == '\\' && quote != '`' && i < sql.size()) {
      out += sql[i++];
    } else if (c == quote) {
      return i;
    }
  }
  return i;
}

// Copies a /* */ comment starting at `i`; Spark's comments nest.
std::size_t copy_block_comment(std::string_view sql, std::size_t i, std::string& out) {
  int depth = 0;
  while (i < sql.size()) {
    const std::string_view two = sql.substr(i, 2);
    if (two == "/*" || two == "*/") {
      depth += two == "/*" ? 1 : -1;
      out.append(two);
      i += 2;
      if (depth == 0) return i;
    } else {
      out += sql[i++];
    }
  }
  return i;
}

std::size_t copy_until(std::string_view sql, std::size_t i, std::string_view end, std::string& out) {
  const std::size_t stop = sql.find(end, i);
  const std::size_t next = stop == std::string_view::npos ? sql.size() : stop + end.size();
  out.append(sql.substr(i, next - i));
  return next;
}

}  // namespace

MarkedSql to_spark_markers(std::string_view sql) {
  MarkedSql result;
  result.text.reserve(sql.size());
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '\'' || c == '"' || c == '`') {
      i = copy_quoted(sql, i, result.text);
    } else if (c == '-' && next == '-') {
      i = copy_until(sql, i, "\n", result.text);
    } else if (c == '/' && next == '*') {
      i = copy_block_comment(sql, i, result.text);
    } else if (c == '%' && next == 's') {
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
