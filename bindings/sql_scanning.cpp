#include "bindings/sql_scanning.hpp"

#include <cctype>

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

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

}  // namespace

std::size_t copy_opaque_span(std::string_view sql, std::size_t i, std::string& out) {
  if (i >= sql.size()) return i;
  const char c = sql[i];
  const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
  if (c == '\'' || c == '"' || c == '`') return copy_quoted(sql, i, out);
  if (c == '-' && next == '-') return copy_until(sql, i, "\n", out);
  if (c == '/' && next == '*') return copy_block_comment(sql, i, out);
  return i;
}

std::size_t skip_space_and_comments(std::string_view sql, std::size_t i) {
  std::string skipped;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i])) != 0) {
      ++i;
      continue;
    }
    const bool comment = sql.compare(i, 2, "--") == 0 || sql.compare(i, 2, "/*") == 0;
    if (!comment) return i;
    i = copy_opaque_span(sql, i, skipped);
  }
  return i;
}

std::string first_keyword(std::string_view statement) {
  std::string word;
  for (std::size_t i = skip_space_and_comments(statement);
       i < statement.size() && is_word_char(statement[i]); ++i) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(statement[i])));
  }
  return word;
}

}  // namespace dbt_session::bindings
