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

// A raw literal, r'...' or R"..." (Spark 3.5+): no escapes, it ends at the next quote of its
// kind. The r must start a word: in `bar'x'` the lexer has already read the identifier `bar`.
bool starts_raw_literal(std::string_view sql, std::size_t i) {
  const char quote = i + 1 < sql.size() ? sql[i + 1] : '\0';
  return (sql[i] == 'r' || sql[i] == 'R') && (quote == '\'' || quote == '"') &&
         (i == 0 || !is_word_char(sql[i - 1]));
}

std::size_t copy_raw_literal(std::string_view sql, std::size_t i, std::string& out) {
  const std::size_t close = sql.find(sql[i + 1], i + 2);
  const std::size_t next = close == std::string_view::npos ? sql.size() : close + 1;
  out.append(sql.substr(i, next - i));
  return next;
}

// A -- comment ends with its line, at \n, \r or \r\n; a backslash just before a \n continues it
// (Spark's SIMPLE_COMMENT: '--' ('\\\n' | ~[\r\n])* '\r'? '\n'?).
std::size_t copy_line_comment(std::string_view sql, std::size_t i, std::string& out) {
  std::size_t end = i + 2;
  while (end < sql.size() && sql[end] != '\n' && sql[end] != '\r') {
    end += sql.compare(end, 2, "\\\n") == 0 ? 2 : 1;
  }
  if (end < sql.size() && sql[end] == '\r') ++end;
  if (end < sql.size() && sql[end] == '\n') ++end;
  out.append(sql.substr(i, end - i));
  return end;
}

}  // namespace

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

std::size_t copy_opaque_span(std::string_view sql, std::size_t i, std::string& out) {
  if (i >= sql.size()) return i;
  const char c = sql[i];
  const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
  if (c == '\'' || c == '"' || c == '`') return copy_quoted(sql, i, out);
  if (starts_raw_literal(sql, i)) return copy_raw_literal(sql, i, out);
  if (c == '-' && next == '-') return copy_line_comment(sql, i, out);
  if (c == '/' && next == '*') return copy_block_comment(sql, i, out);
  return i;
}

SqlPiece piece_at(std::string_view sql, std::size_t i) {
  std::string opaque;
  if (const std::size_t after = copy_opaque_span(sql, i, opaque); after != i) {
    return {SqlPiece::Kind::kOpaque, sql.substr(i, after - i)};
  }
  if (!is_word_char(sql[i])) return {SqlPiece::Kind::kOther, sql.substr(i, 1)};
  std::size_t end = i;
  while (end < sql.size() && is_word_char(sql[end])) ++end;
  return {SqlPiece::Kind::kWord, sql.substr(i, end - i)};
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
