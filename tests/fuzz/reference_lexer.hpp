#pragma once
// The fuzz targets' oracle: the lexical contract of bindings/sql_scanning.hpp written a second
// time, as a byte-at-a-time state machine (the scanner copies span by span). Each opaque span
// (string literal, quoted identifier, comment) is reported as [begin, end); every other byte is
// code, where a ';' separates statements and a `%s` or `?` is a parameter marker.
#include <cctype>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace dbt_session::fuzz {

inline bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

struct Span {
  std::size_t begin;
  std::size_t end;
  bool comment;  // -- or /* */ (skipped as space); otherwise a literal or quoted identifier
};

inline std::vector<Span> opaque_spans(std::string_view sql) {
  enum class State { code, quoted, line_comment, block_comment };
  std::vector<Span> spans;
  State state = State::code;
  char quote = 0;
  bool raw = false;  // r'...': no escapes
  int depth = 0;
  std::size_t begin = 0;
  const auto at = [&](std::size_t i, std::string_view two) { return sql.substr(i, 2) == two; };
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    switch (state) {
      case State::code:
        begin = i;
        if (c == '\'' || c == '"' || c == '`') {
          state = State::quoted, quote = c, raw = false, i += 1;
        } else if ((c == 'r' || c == 'R') && i + 1 < sql.size() &&
                   (sql[i + 1] == '\'' || sql[i + 1] == '"') && (i == 0 || !is_word(sql[i - 1]))) {
          state = State::quoted, quote = sql[i + 1], raw = true, i += 2;
        } else if (at(i, "--")) {
          state = State::line_comment, i += 2;
        } else if (at(i, "/*")) {
          state = State::block_comment, depth = 1, i += 2;
        } else {
          i += 1;
        }
        break;
      case State::quoted:
        if (c == '\\' && quote != '`' && !raw && i + 1 < sql.size()) {
          i += 2;
        } else {
          i += 1;
          if (c == quote) spans.push_back({begin, i, false}), state = State::code;
        }
        break;
      case State::line_comment:
        if (at(i, "\\\n")) {
          i += 2;
        } else if (c == '\n' || c == '\r') {
          i += c == '\r' && at(i, "\r\n") ? 2 : 1;
          spans.push_back({begin, i, true}), state = State::code;
        } else {
          i += 1;
        }
        break;
      case State::block_comment:
        if (at(i, "/*") || at(i, "*/")) {
          depth += c == '/' ? 1 : -1;
          i += 2;
          if (depth == 0) spans.push_back({begin, i, true}), state = State::code;
        } else {
          i += 1;
        }
        break;
    }
  }
  if (state != State::code) spans.push_back({begin, sql.size(), state != State::quoted});
  return spans;
}

// For each byte: the index of the opaque span holding it, or -1 for code.
inline std::vector<long> span_of_each_byte(std::string_view sql, const std::vector<Span>& spans) {
  std::vector<long> owner(sql.size(), -1);
  for (std::size_t s = 0; s < spans.size(); ++s) {
    for (std::size_t i = spans[s].begin; i < spans[s].end; ++i) owner[i] = static_cast<long>(s);
  }
  return owner;
}

inline bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Only whitespace and comments.
inline bool is_blank(std::string_view sql) {
  const auto spans = opaque_spans(sql);
  const auto owner = span_of_each_byte(sql, spans);
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const bool in_comment = owner[i] >= 0 && spans[static_cast<std::size_t>(owner[i])].comment;
    if (!in_comment && !is_space(sql[i])) return false;
  }
  return true;
}

// A failed invariant: the input is printed by libFuzzer with the crash, so say what broke.
[[noreturn]] inline void violated(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "invariant violated: %s\n  %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

inline void require(bool holds, const char* what, std::string_view detail = {}) {
  if (!holds) violated(what, detail);
}

}  // namespace dbt_session::fuzz
