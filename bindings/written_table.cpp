#include "bindings/written_table.hpp"

#include <cctype>

#include "bindings/sql_scanning.hpp"

namespace dbt_session::bindings {
namespace {

class HeadReader {
 public:
  explicit HeadReader(std::string_view sql) : sql_(sql) {}

  // The next word (a keyword upper-cased, a name as written); empty when the next token is
  // not a word. Consumes it.
  std::string word(bool keyword = true) {
    at_ = skip_space_and_comments(sql_, at_);
    std::string word;
    while (at_ < sql_.size() && is_word_char(sql_[at_])) {
      const auto c = static_cast<unsigned char>(sql_[at_++]);
      word += static_cast<char>(keyword ? std::toupper(c) : c);
    }
    return word;
  }

  // Consumes the next word when it is `expected`.
  bool accept(const char* expected) {
    const std::size_t before = at_;
    if (word() == expected) return true;
    at_ = before;
    return false;
  }

  // A multipart identifier: parts separated by '.', each `quoted` or a plain word.
  std::optional<std::vector<std::string>> name() {
    std::vector<std::string> parts;
    while (true) {
      at_ = skip_space_and_comments(sql_, at_);
      const bool backticked = at_ < sql_.size() && sql_[at_] == '`';
      std::string part = backticked ? quoted() : word(false);
      if (part.empty() && !backticked) return std::nullopt;
      parts.push_back(std::move(part));
      at_ = skip_space_and_comments(sql_, at_);
      if (at_ >= sql_.size() || sql_[at_] != '.') return parts;
      ++at_;
    }
  }

  // Whether the word AS follows at parenthesis depth 0 (literals and comments skipped).
  bool query_follows() {
    int depth = 0;
    while (at_ < sql_.size()) {
      const SqlPiece piece = piece_at(sql_, at_);
      at_ += piece.text.size();
      if (piece.text == "(" || piece.text == ")") {
        depth += piece.text == "(" ? 1 : -1;
      } else if (piece.kind == SqlPiece::Kind::kWord && depth == 0 &&
                 ascii_lower(piece.text) == "as") {
        return true;
      }
    }
    return false;
  }

 private:
  std::string quoted() {
    std::string part;
    ++at_;
    while (at_ < sql_.size()) {
      const char c = sql_[at_++];
      if (c != '`') {
        part += c;
      } else if (at_ < sql_.size() && sql_[at_] == '`') {
        part += '`';
        ++at_;
      } else {
        break;
      }
    }
    return part;
  }

  std::string_view sql_;
  std::size_t at_ = 0;
};

// CREATE [OR REPLACE] TABLE ... AS, REPLACE TABLE ... AS: the head after CREATE/REPLACE.
std::optional<std::vector<std::string>> created_table(HeadReader& head) {
  if (!head.accept("TABLE")) return std::nullopt;
  if (head.accept("IF")) {
    if (!head.accept("NOT") || !head.accept("EXISTS")) return std::nullopt;
  }
  auto name = head.name();
  if (!name || !head.query_follows()) return std::nullopt;
  return name;
}

}  // namespace

std::optional<std::vector<std::string>> written_table(std::string_view statement) {
  HeadReader head(statement);
  const std::string verb = head.word();
  if (verb == "CREATE") {
    if (head.accept("OR") && !head.accept("REPLACE")) return std::nullopt;
    return created_table(head);
  }
  if (verb == "REPLACE") return created_table(head);
  if (verb == "MERGE") return head.accept("INTO") ? head.name() : std::nullopt;
  if (verb == "INSERT") {
    if (!head.accept("INTO") && !head.accept("OVERWRITE")) return std::nullopt;
    if (head.accept("DIRECTORY") || head.accept("LOCAL")) return std::nullopt;
    head.accept("TABLE");
    return head.name();
  }
  return std::nullopt;
}

}  // namespace dbt_session::bindings
