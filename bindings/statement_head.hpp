#pragma once
// The head of a statement read the way Spark's parser reads it: keywords, a multipart name, and
// whether a query follows. What a statement writes (written_table) and whether it defines a
// table or view by a query (statement_split) are both read from it, after leading whitespace and
// comments, with literals, quoted names and comments skipped.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbt_session::bindings {

class StatementHead {
 public:
  explicit StatementHead(std::string_view sql) : sql_(sql) {}

  // The next word (a keyword upper-cased, a name as written); empty when the next token is
  // not a word. Consumes it.
  std::string word(bool keyword = true);

  // Consumes the next word when it is `expected` (upper case).
  bool accept(const char* expected);

  // A multipart identifier: parts separated by '.', each `quoted` (backticks removed, doubled
  // backticks undone) or a plain word.
  std::optional<std::vector<std::string>> name();

  // Whether the word AS follows at parenthesis depth 0. Consumes the rest of the statement.
  bool query_follows();

 private:
  std::string quoted();

  std::string_view sql_;
  std::size_t at_ = 0;
};

}  // namespace dbt_session::bindings
