#include "bindings/statement_head.hpp"

#include <cctype>

#include "bindings/sql_scanning.hpp"

namespace dbt_session::bindings {

std::string StatementHead::word(bool keyword) {
  at_ = skip_space_and_comments(sql_, at_);
  std::string word;
  while (at_ < sql_.size() && is_word_char(sql_[at_])) {
    const auto c = static_cast<unsigned char>(sql_[at_++]);
    word += static_cast<char>(keyword ? std::toupper(c) : c);
  }
  return word;
}

bool StatementHead::accept(const char* expected) {
  const std::size_t before = at_;
  if (word() == expected) return true;
  at_ = before;
  return false;
}

std::optional<std::vector<std::string>> StatementHead::name() {
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

bool StatementHead::query_follows() {
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

std::string StatementHead::quoted() {
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

}  // namespace dbt_session::bindings
