// bindings/statement_split.hpp: text dbt sends in one execute becomes the statements spark.sql
// runs one by one (a model's sql_header before its query).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bindings/sql_scanning.hpp"
#include "bindings/statement_split.hpp"

namespace {

using dbt_session::bindings::ascii_lower;
using dbt_session::bindings::defines_by_a_query;
using dbt_session::bindings::first_keyword;
using dbt_session::bindings::is_word_char;
using dbt_session::bindings::split_statements;
using Statements = std::vector<std::string>;

}  // namespace

TEST_CASE("one statement is sent as dbt-databricks cleans it: trimmed, one trailing ; removed") {
  CHECK(split_statements("  select 1 ;\n") == Statements{"select 1 "});
  CHECK(split_statements("select 1;;") == Statements{"select 1;"});
}

TEST_CASE("a sql_header and the query it prepares become two statements") {
  CHECK(split_statements(
            "set time zone 'Asia/Kolkata';\nselect * from (select 1) where false limit 0") ==
        Statements{"set time zone 'Asia/Kolkata'", "select * from (select 1) where false limit 0"});
}

TEST_CASE("semicolons inside literals, quoted identifiers and comments do not split") {
  const std::string sql =
      "select 'a;b', \"c;d\", `e;f` -- g;h\n"
      "/* i; /* nested; */ j; */ from t";
  CHECK(split_statements(sql) == Statements{sql});
}

TEST_CASE("a semicolon inside parentheses does not split: Spark reports it where it stands") {
  // dbt's wrapper around a singular test that ends in ';'.
  const std::string test =
      "select count(*) from (\n  select * from t where amount < 0;\n) dbt_internal_test";
  CHECK(split_statements(test) == Statements{test});
  CHECK(split_statements("set a = 1; select (1;) x; select 2") ==
        Statements{"set a = 1", "select (1;) x", "select 2"});
  // A ')' too many is no negative depth: the ';' after it still splits.
  CHECK(split_statements("select 1); select 2") == Statements{"select 1)", "select 2"});
}

TEST_CASE("a backslash-escaped quote does not end a literal") {
  const std::string sql = R"(select 'it\'s; fine')";
  CHECK(split_statements(sql) == Statements{sql});
}

TEST_CASE("pieces of only whitespace and comments are dropped between statements") {
  CHECK(split_statements("set a = 1;; -- done\n ; select 2; /* nothing */") ==
        Statements{"set a = 1", "select 2"});
}

TEST_CASE("blank text is one blank statement, for Spark to reject") {
  CHECK(split_statements(" \n ") == Statements{""});
}

TEST_CASE("a SQL script with BEGIN ... END stays one statement") {
  const std::string script = "BEGIN\n  DECLARE x INT = 1;\n  SELECT x;\nEND";
  CHECK(split_statements(script + ";") == Statements{script});
}

TEST_CASE("the first keyword skips comments and is upper-cased") {
  CHECK(first_keyword("-- header\n /* note */ begin select 1; end") == "BEGIN");
  CHECK(first_keyword("  -- only a comment") == "");
  CHECK(first_keyword("(select 1)") == "");
}

TEST_CASE("names are words of letters, digits and '_', compared with ASCII case folded") {
  CHECK(is_word_char('a'));
  CHECK(is_word_char('Z'));
  CHECK(is_word_char('7'));
  CHECK(is_word_char('_'));
  CHECK_FALSE(is_word_char('.'));
  CHECK_FALSE(is_word_char('`'));
  CHECK_FALSE(is_word_char(' '));
  CHECK(ascii_lower("Hive_Metastore.S1") == "hive_metastore.s1");
}

// As Spark 4.0.1's parser reads them (SqlBaseLexer's SIMPLE_COMMENT); found comparing the fuzz
// oracle (tests/fuzz/reference_lexer.hpp) with Spark.
TEST_CASE("a -- comment ends at \\r too, and a backslash before the newline continues it") {
  CHECK(split_statements("select 1 -- one\r; select 2") ==
        Statements{"select 1 -- one", "select 2"});
  CHECK(split_statements("select 1 -- one \\\n; still the comment\n; select 2") ==
        Statements{"select 1 -- one \\\n; still the comment", "select 2"});
}

TEST_CASE("a raw literal r'...' has no escapes") {
  CHECK(split_statements(R"(select r'C:\'; select R"\";select 3)") ==
        Statements{R"(select r'C:\')", R"(select R"\")", "select 3"});
  const std::string not_raw = R"(select bar'\'; x'; select 2)";
  CHECK(split_statements(not_raw) == Statements{R"(select bar'\'; x')", "select 2"});
}

namespace {

using dbt_session::bindings::piece_at;
using dbt_session::bindings::SqlPiece;

// "kind:text" for each piece of `sql`, in order.
std::vector<std::string> pieces(const std::string& sql) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < sql.size();) {
    const SqlPiece piece = piece_at(sql, i);
    const char* kind = piece.kind == SqlPiece::Kind::kOpaque ? "opaque"
                       : piece.kind == SqlPiece::Kind::kWord ? "word"
                                                             : "other";
    found.push_back(std::string(kind) + ":" + std::string(piece.text));
    i += piece.text.size();
  }
  return found;
}

}  // namespace

TEST_CASE("pieces are whole literals, quoted names and comments, words, or one other character") {
  CHECK(pieces("a.`b c`:x -- d\n") == Statements{"word:a", "other:.", "opaque:`b c`",
                                                 "other::", "word:x", "other: ", "opaque:-- d\n"});
  CHECK(pieces("f('it\\'s', r'\\', 1_2)") ==
        Statements{"word:f", "other:(", "opaque:'it\\'s'", "other:,", "other: ", "opaque:r'\\'",
                   "other:,", "other: ", "word:1_2", "other:)"});
  CHECK(pieces("bar'x'/* a /* b */ c */") ==
        Statements{"word:bar", "opaque:'x'", "opaque:/* a /* b */ c */"});
}

TEST_CASE("a table or view defined by a query is told from the statements a header may hold") {
  CHECK(defines_by_a_query("create or replace table s.t using delta as select 1 as a"));
  CHECK(defines_by_a_query("CREATE OR REPLACE VIEW s.v AS (select 1 as a"));
  CHECK(defines_by_a_query("create or replace temporary view t__dbt_tmp as\n select 1"));
  CHECK(defines_by_a_query("create table t (id int) using delta as select 1"));
  CHECK_FALSE(defines_by_a_query("create temporary function f as 'com.example.F'"));
  CHECK_FALSE(defines_by_a_query("create table if not exists audit (id int, note string)"));
  CHECK_FALSE(defines_by_a_query("create table t (id int generated always as (1))"));
  CHECK_FALSE(defines_by_a_query("create schema if not exists s"));
  CHECK_FALSE(defines_by_a_query("insert into t select 1 as a"));
  CHECK_FALSE(defines_by_a_query("-- create table t as select 1\nset x = 1"));
}
