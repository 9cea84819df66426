// bindings/statement_split.hpp under libFuzzer. Several statements: exactly the oracle's pieces
// between the ';' that lie in code outside parentheses (reference_lexer.hpp), so no boundary
// inside parentheses or a literal,
// quoted identifier or comment; each trimmed and found in the input in order, the text between
// them only ';', space and comments (together they cover it); split again, joined, they come
// back unchanged. Otherwise (one statement, a BEGIN script, blank text): the text as
// dbt-databricks cleans it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/statement_split.hpp"
#include "tests/fuzz/reference_lexer.hpp"

namespace {

using namespace dbt_session::bindings;
using namespace dbt_session::fuzz;

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

std::string keyword(std::string_view statement) {
  std::string word;
  const auto spans = opaque_spans(statement);
  const auto owner = span_of_each_byte(statement, spans);
  const auto in_comment = [&](std::size_t i) {
    return owner[i] >= 0 && spans[static_cast<std::size_t>(owner[i])].comment;
  };
  std::size_t i = 0;
  while (i < statement.size() && (in_comment(i) || is_space(statement[i]))) ++i;
  for (; i < statement.size(); ++i) {
    const auto c = static_cast<unsigned char>(statement[i]);
    if (!std::isalnum(c) && c != '_') break;
    word += static_cast<char>(std::toupper(c));
  }
  return word;
}

std::vector<std::string> oracle_pieces(std::string_view sql) {
  const auto owner = span_of_each_byte(sql, opaque_spans(sql));
  std::vector<std::string> pieces;
  std::size_t begin = 0;
  int depth = 0;  // parentheses in code, never below 0
  for (std::size_t i = 0; i <= sql.size(); ++i) {
    if (i < sql.size() && owner[i] < 0 && sql[i] == '(') ++depth;
    if (i < sql.size() && owner[i] < 0 && sql[i] == ')' && depth > 0) --depth;
    if (i < sql.size() && (owner[i] >= 0 || sql[i] != ';' || depth > 0)) continue;
    const std::string_view piece = sql.substr(begin, i - begin);
    if (!is_blank(piece)) pieces.push_back(trimmed(piece));
    begin = i + 1;
  }
  return pieces;
}

std::string without_semicolons(std::string_view text) {
  std::string spaced(text);
  for (char& c : spaced) c = c == ';' ? ' ' : c;
  return spaced;
}

void check_cover(std::string_view sql, const std::vector<std::string>& statements) {
  const auto owner = span_of_each_byte(sql, opaque_spans(sql));
  // A cut at i splits no literal or comment, so the text either side lexes as it does in sql.
  const auto cut = [&](std::size_t i) {
    return i == 0 || i == sql.size() || owner[i - 1] < 0 || owner[i - 1] != owner[i];
  };
  std::size_t at = 0;
  for (const auto& statement : statements) {
    // Where the statement ends in sql: trimming may have cut a -- comment's newline.
    const auto end_of = [&](std::size_t found) {
      std::size_t end = found + statement.size();
      while (end < sql.size() &&
             std::string_view(" \t\r\n").find(sql[end]) != std::string_view::npos)
        ++end;
      return end;
    };
    require(!statement.empty() && statement == trimmed(statement), "a statement is not trimmed",
            statement);
    // The first place after the previous statement with only ';' (one at least, between two
    // statements), space and comments before it.
    const auto gap_fits = [&](std::size_t found) {
      const std::string_view gap = sql.substr(at, found - at);
      const bool separated = at == 0 || without_semicolons(gap) != gap;
      return cut(found) && cut(end_of(found)) && separated && is_blank(without_semicolons(gap));
    };
    std::size_t found = sql.find(statement, at);
    while (found != std::string_view::npos && !gap_fits(found))
      found = sql.find(statement, found + 1);
    require(found != std::string_view::npos,
            "a statement is not in the input after only ';', space and comments", statement);
    at = end_of(found);
  }
  require(is_blank(without_semicolons(sql.substr(at))), "code after the last statement",
          sql.substr(at));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> statements = split_statements(sql);
  const std::vector<std::string> pieces = oracle_pieces(sql);
  bool script = false;
  for (const auto& piece : pieces) script = script || keyword(piece) == "BEGIN";
  if (pieces.size() > 1 && !script) {
    require(statements == pieces, "the statements are not the text between ';' in code", sql);
    check_cover(sql, statements);
    // The space keeps a statement's last -- comment from running on over the ";" (a backslash
    // just before the newline would continue it).
    std::string joined;
    for (const auto& statement : statements) joined += (joined.empty() ? "" : " \n;\n") + statement;
    require(split_statements(joined) == statements, "split, joined and split again differs",
            joined);
    return 0;
  }
  std::string whole = trimmed(sql);
  if (!whole.empty() && whole.back() == ';') whole.pop_back();
  require(statements == std::vector<std::string>{whole}, "one statement is not the cleaned text",
          sql);
  return 0;
}
