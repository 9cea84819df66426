// bindings/parameter_markers.hpp: dbt's `%s` markers become Spark's `?`, outside quotes and
// comments.
#include <doctest/doctest.h>

#include <string>

#include "bindings/parameter_markers.hpp"

namespace {

using dbt_session::bindings::MarkedSql;
using dbt_session::bindings::to_spark_markers;

}  // namespace

TEST_CASE("each %s becomes a ? marker and is counted") {
  const MarkedSql marked = to_spark_markers("insert into t values (%s, %s, %s)");
  CHECK(marked.text == "insert into t values (?, ?, ?)");
  CHECK(marked.markers == 3);
}

TEST_CASE("a statement without markers is unchanged") {
  const MarkedSql marked = to_spark_markers("select 1 as a");
  CHECK(marked.text == "select 1 as a");
  CHECK(marked.markers == 0);
  CHECK(to_spark_markers("").text.empty());
}

TEST_CASE("%% becomes a single % and is not a marker") {
  const MarkedSql marked =
      to_spark_markers("select a % 2, b from t where c like 'x' || '%%' and d = %s");
  CHECK(marked.text == "select a % 2, b from t where c like 'x' || '%%' and d = ?");
  CHECK(to_spark_markers("select 10 %% 3").text == "select 10 % 3");
  CHECK(to_spark_markers("%%s").text == "%s");
  CHECK(to_spark_markers("%%s").markers == 0);
}

TEST_CASE("a % followed by anything else passes through") {
  const MarkedSql marked = to_spark_markers("select '%d' , %d, 5 %");
  CHECK(marked.text == "select '%d' , %d, 5 %");
  CHECK(marked.markers == 0);
}

TEST_CASE("markers inside string literals and quoted identifiers are left alone") {
  const MarkedSql marked = to_spark_markers("select '%s', \"%s %%\", `col %s` from t where a = %s");
  CHECK(marked.text == "select '%s', \"%s %%\", `col %s` from t where a = ?");
  CHECK(marked.markers == 1);
}

TEST_CASE("a backslash-escaped quote does not end a string literal") {
  const MarkedSql single = to_spark_markers(R"(select 'O\'Brien %s', %s)");
  CHECK(single.text == R"(select 'O\'Brien %s', ?)");
  CHECK(single.markers == 1);

  const MarkedSql twice = to_spark_markers(R"(select "say \"%s\"", %s)");
  CHECK(twice.text == R"(select "say \"%s\"", ?)");
  CHECK(twice.markers == 1);

  const MarkedSql backslash = to_spark_markers(R"(select 'C:\\', %s)");
  CHECK(backslash.text == R"(select 'C:\\', ?)");
  CHECK(backslash.markers == 1);
}

TEST_CASE("a backslash does not escape inside a backquoted identifier") {
  const MarkedSql marked = to_spark_markers(R"(select `a\` = %s)");
  CHECK(marked.text == R"(select `a\` = ?)");
  CHECK(marked.markers == 1);
}

TEST_CASE("doubled quotes read as adjacent literals, as Spark reads them") {
  const MarkedSql marked = to_spark_markers("select 'it''s %s', ```a%s``` , %s");
  CHECK(marked.text == "select 'it''s %s', ```a%s``` , ?");
  CHECK(marked.markers == 1);
}

TEST_CASE("a -- comment is left alone up to the end of its line") {
  const MarkedSql marked = to_spark_markers("select %s -- the %s value, 100%% ?\n, %s");
  CHECK(marked.text == "select ? -- the %s value, 100%% ?\n, ?");
  CHECK(marked.markers == 2);
  CHECK(to_spark_markers("select 1 -- %s").text == "select 1 -- %s");
}

TEST_CASE("a /* */ comment is left alone, across lines") {
  const MarkedSql marked = to_spark_markers("select /* %s\n it's ? %% */ %s");
  CHECK(marked.text == "select /* %s\n it's ? %% */ ?");
  CHECK(marked.markers == 1);
}

TEST_CASE("nested /* */ comments are left alone, as Spark nests them") {
  const MarkedSql marked = to_spark_markers("select /* outer /* inner */ still ? %s */ %s");
  CHECK(marked.text == "select /* outer /* inner */ still ? %s */ ?");
  CHECK(marked.markers == 1);
}

TEST_CASE("a ? already in the statement counts as a marker, but not inside quotes or comments") {
  const MarkedSql marked = to_spark_markers("select ?, '?', \"?\", `?` /* ? */ -- ?\n, %s");
  CHECK(marked.text == "select ?, '?', \"?\", `?` /* ? */ -- ?\n, ?");
  CHECK(marked.markers == 2);
}

TEST_CASE("an unterminated literal or comment is copied as it is") {
  CHECK(to_spark_markers("select 'abc %s").text == "select 'abc %s");
  CHECK(to_spark_markers("select 'abc %s").markers == 0);
  CHECK(to_spark_markers("select 'abc\\").text == "select 'abc\\");
  CHECK(to_spark_markers("select /* %s").text == "select /* %s");
  CHECK(to_spark_markers("select /* %s").markers == 0);
  CHECK(to_spark_markers("select %").text == "select %");
}

// Spark 3.5+ raw literals: the backslash is a character, the next quote ends the literal.
TEST_CASE("a raw literal r'...' ends at its next quote") {
  const MarkedSql marked = to_spark_markers(R"(select r'C:\%s\', R"%s\", %s)");
  CHECK(marked.text == R"(select r'C:\%s\', R"%s\", ?)");
  CHECK(marked.markers == 1);
}

TEST_CASE("a -- comment ends at \\r as at \\n") {
  const MarkedSql marked = to_spark_markers("select %s -- the %s\r, %s");
  CHECK(marked.text == "select ? -- the %s\r, ?");
  CHECK(marked.markers == 2);
}
