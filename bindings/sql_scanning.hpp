#pragma once
// Spark SQL text, scanned the way Spark's lexer sees it: string literals ('...' and "...",
// backslash escapes; raw r'...' and r"..." without), quoted identifiers (`...`, doubled
// backtick) and comments (-- to the end of the line at \n or \r, continued by a backslash just
// before the \n; nestable /* */) are opaque. Only what lies outside them can be a parameter
// marker (parameter_markers.hpp), a statement separator (statement_split.hpp) or a word that
// a check looks for (databricks_statements.hpp, written_table.hpp).
#include <cstddef>
#include <string>
#include <string_view>

namespace dbt_session::bindings {

// When `i` starts a string literal, quoted identifier or comment, appends all of it to `out`
// and returns the index just after it; otherwise returns `i` and appends nothing.
std::size_t copy_opaque_span(std::string_view sql, std::size_t i, std::string& out);

// One piece of SQL text as the lexer sees it: an opaque span (a whole literal, quoted name or
// comment), a word (letters, digits, '_'), or any other single character.
struct SqlPiece {
  enum class Kind { kOpaque, kWord, kOther };
  Kind kind;
  std::string_view text;
};

// The piece that starts at `i` (< sql.size()); the next one starts at i + text.size().
SqlPiece piece_at(std::string_view sql, std::size_t i);

// The index of the first character at or after `i` that is neither whitespace nor part of a
// comment; sql.size() when only whitespace and comments remain.
std::size_t skip_space_and_comments(std::string_view sql, std::size_t i = 0);

// A character of an unquoted identifier or keyword: a letter, a digit or '_'.
bool is_word_char(char c);

// `text` with its ASCII letters lower-cased: Spark compares unquoted names (catalogs, schemas,
// tables) case-insensitively.
std::string ascii_lower(std::string_view text);

// The first word of a statement (letters, digits, '_'), upper-cased, after any whitespace and
// comments; empty for a statement of only whitespace and comments.
std::string first_keyword(std::string_view statement);

}  // namespace dbt_session::bindings
