// bindings/sql_scanning.hpp under libFuzzer: walked as the splitter and the marker rewriter walk
// it, every opaque span is copied byte for byte and is exactly the span the oracle
// (reference_lexer.hpp) finds there; code is never taken for a span; skipping space and
// comments stops at code; the first keyword is the oracle's; the pieces tile the text, and a
// piece is opaque exactly where the oracle's span is.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bindings/sql_scanning.hpp"
#include "tests/fuzz/reference_lexer.hpp"

namespace {

using namespace dbt_session::bindings;
using namespace dbt_session::fuzz;

void check_spans(std::string_view sql) {
  const auto spans = opaque_spans(sql);
  std::size_t next_span = 0;
  std::size_t i = 0;
  while (i < sql.size()) {
    std::string out = "prefix";
    const std::size_t after = copy_opaque_span(sql, i, out);
    const bool span_here = next_span < spans.size() && spans[next_span].begin == i;
    if (after == i) {
      require(out == "prefix", "nothing is appended where no span starts");
      require(!span_here, "a span the scanner does not see", sql.substr(i));
      ++i;
      continue;
    }
    require(span_here, "a span where the oracle sees code", sql.substr(i));
    require(after == spans[next_span].end, "a span ends where the oracle's does not",
            sql.substr(i));
    require(out == "prefix" + std::string(sql.substr(i, after - i)),
            "a span is not copied byte for byte");
    ++next_span;
    i = after;
  }
  require(next_span == spans.size(), "the scanner skipped a span");
  std::string out;
  require(copy_opaque_span(sql, sql.size(), out) == sql.size() && out.empty(),
          "the end of the text is no span");
}

void check_skip(std::string_view sql) {
  const std::size_t stop = skip_space_and_comments(sql);
  require(stop <= sql.size(), "skip runs past the end");
  require(is_blank(sql.substr(0, stop)), "skip passed over code", sql);
  if (stop < sql.size()) {
    require(!is_space(sql[stop]), "skip stopped at a space");
    const auto rest = opaque_spans(sql.substr(stop));
    require(rest.empty() || rest.front().begin != 0 || !rest.front().comment,
            "skip stopped at a comment", sql.substr(stop));
  }
  std::string expected;
  for (std::size_t i = stop; i < sql.size(); ++i) {
    const auto c = static_cast<unsigned char>(sql[i]);
    if (!std::isalnum(c) && c != '_') break;
    expected += static_cast<char>(std::toupper(c));
  }
  require(first_keyword(sql) == expected, "first keyword differs from the oracle's", sql);
}

void check_pieces(std::string_view sql) {
  const auto spans = opaque_spans(sql);
  std::size_t next_span = 0;
  for (std::size_t i = 0; i < sql.size();) {
    const SqlPiece piece = piece_at(sql, i);
    require(!piece.text.empty() && piece.text.data() == sql.data() + i,
            "a piece is empty or not where the last one ended", sql.substr(i));
    const bool span_here = next_span < spans.size() && spans[next_span].begin == i;
    require((piece.kind == SqlPiece::Kind::kOpaque) == span_here,
            "a piece is opaque where the oracle sees code, or code where it sees a span",
            sql.substr(i));
    if (span_here) ++next_span;
    i += piece.text.size();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  check_spans(sql);
  check_skip(sql);
  check_pieces(sql);
  return 0;
}
