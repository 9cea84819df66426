// bindings/parameter_markers.hpp under libFuzzer: the rewrite is the oracle's (reference_lexer.hpp:
// in code `%s` -> `?`, `%%` -> `%`, every other byte kept; literals, quoted identifiers and
// comments untouched); the count is the number of `?` in the result's code; the result lexes
// into the same opaque spans.
#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/parameter_markers.hpp"
#include "tests/fuzz/reference_lexer.hpp"

namespace {

using namespace dbt_session::bindings;
using namespace dbt_session::fuzz;

std::vector<std::string> span_texts(std::string_view sql) {
  std::vector<std::string> texts;
  for (const Span& span : opaque_spans(sql)) {
    texts.emplace_back(sql.substr(span.begin, span.end - span.begin));
  }
  return texts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  const MarkedSql marked = to_spark_markers(sql);

  const auto owner = span_of_each_byte(sql, opaque_spans(sql));
  std::string expected;
  std::size_t markers = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (owner[i] < 0 && sql[i] == '%' && (next == 's' || next == '%')) {
      expected += next == 's' ? '?' : '%';
      markers += next == 's' ? 1 : 0;
      ++i;
      continue;
    }
    const bool code_marker = owner[i] < 0 && sql[i] == '?';
    markers += code_marker ? 1 : 0;
    expected += sql[i];
  }
  require(marked.text == expected, "the rewrite differs from the oracle's", sql);
  require(marked.markers == markers, "the marker count differs from the oracle's", sql);

  // Both checks below hold unless a raw literal follows a marker: in `%sr'…'` the r is part of
  // the word `sr` before the rewrite, a raw prefix after it, so the text after it lexes
  // differently. dbt renders no such text (a marker is a value).
  const bool marker_before_raw = std::regex_search(marked.text, std::regex(R"(\?[rR]['"])"));
  const auto out_owner = span_of_each_byte(marked.text, opaque_spans(marked.text));
  std::size_t question_marks = 0;
  for (std::size_t i = 0; i < marked.text.size(); ++i) {
    question_marks += out_owner[i] < 0 && marked.text[i] == '?' ? 1 : 0;
  }
  require(marker_before_raw || question_marks == marked.markers,
          "the count is not the `?` in the result's code", sql);
  require(marker_before_raw || span_texts(marked.text) == span_texts(sql),
          "a literal or comment was changed", sql);
  require(marked.text.size() <= sql.size(), "the rewrite grew the text");
  return 0;
}
