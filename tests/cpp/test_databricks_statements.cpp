// bindings/databricks_statements.hpp: Databricks-only SQL is recognised by its first word,
// wherever comments and whitespace put it, and nothing else is; a Databricks-only clause by its
// word outside literals, quoted names and comments; a command Spark refuses on a Delta table by
// Spark's error.
#include <doctest/doctest.h>

#include "bindings/databricks_statements.hpp"
#include "tests/cpp/expectations.hpp"

namespace {

using dbt_session::bindings::databricks_only_clause_explanation;
using dbt_session::bindings::databricks_only_statement_refusal;
using dbt_session::bindings::delta_command_explanation;
using dbt_session::testing::mentions;

constexpr const char* kParseError = "[PARSE_SYNTAX_ERROR] Syntax error at or near 'by'.";
constexpr const char* kColonError = "[PARSE_SYNTAX_ERROR] Syntax error at or near ':'.";

}  // namespace

TEST_CASE("COPY INTO is refused by name with the way out, in any case and after comments") {
  for (const char* statement :
       {"copy into t from '/files' fileformat = CSV",
        "\n    COPY INTO `hive_metastore`.`s`.`t`\n    from '/files'",
        "/* {\"app\": \"dbt\"} */\ncopy into t from '/x' fileformat = PARQUET",
        "-- loads the landing zone\nCopy Into t from '/x' fileformat = JSON"}) {
    const auto refusal = databricks_only_statement_refusal(statement);
    REQUIRE(refusal.has_value());
    CHECK(refusal->find("COPY INTO is Databricks SQL") == 0);
    CHECK(refusal->find("nothing was run") != std::string::npos);
    CHECK(refusal->find("spark.read") != std::string::npos);
  }
}

TEST_CASE("statements Spark has are not refused, nor COPY inside a name, string or comment") {
  for (const char* statement :
       {"select 'copy into t' as text", "create table copy_into_log (id int)",
        "/* copy into t */ select 1", "insert into copy values (1)", "copyinto t", ""}) {
    CHECK_FALSE(databricks_only_statement_refusal(statement).has_value());
  }
}

TEST_CASE("a QUALIFY clause is named with the way out, in any case and on any line") {
  for (const char* statement :
       {"select * from t qualify row_number() over (partition by id order by at desc) = 1",
        "create or replace table s.t as\nselect id from u\nQUALIFY rank() over (order by id) = 1",
        "select id from u /* latest */ Qualify\n  row_number() over (order by id) = 1"}) {
    const auto explanation = databricks_only_clause_explanation(statement, kParseError);
    REQUIRE(explanation.has_value());
    CHECK(explanation->find("QUALIFY, a Databricks SQL clause") != std::string::npos);
    CHECK(explanation->find("outer query") != std::string::npos);
  }
}

TEST_CASE("QUALIFY inside a string, a quoted name, a comment or another word is not a clause") {
  for (const char* statement :
       {"select 'qualify' as word", "select `qualify` from t", "select 1 -- qualify later",
        "select /* qualify */ 1", "select qualifying_rows from t", "select \"qualify\" as q", ""}) {
    CHECK_FALSE(databricks_only_clause_explanation(statement, kParseError).has_value());
  }
}

TEST_CASE("a Python function is named with the ways out, whatever the blank space or comments") {
  for (const char* statement :
       {"CREATE OR REPLACE FUNCTION `hive_metastore`.`s`.`f` (price float)\n    RETURNS float\n"
        "    LANGUAGE PYTHON\n    AS\n$$\ndef f(price):\n    return price * 2\n$$",
        "/* {\"app\": \"dbt\"} */ create function f(x int) returns int language /* py */ python as "
        "$$"
        "return x$$"}) {
    const auto explanation = databricks_only_clause_explanation(
        statement, "[PARSE_SYNTAX_ERROR] Syntax error at or near 'AS': missing 'RETURN'.");
    REQUIRE(explanation.has_value());
    CHECK(explanation->find("creates a Python function (CREATE FUNCTION ... LANGUAGE PYTHON)") !=
          std::string::npos);
    CHECK(explanation->find("RETURN <expression>") != std::string::npos);
  }
  for (const char* statement :
       {"create function f(x int) returns int return x + 1", "select 'language python' as words",
        "create table language (python int)", "select language, python from t"}) {
    CAPTURE(statement);
    CHECK_FALSE(databricks_only_clause_explanation(statement, kParseError).has_value());
  }
}

TEST_CASE("a contract's PRIMARY KEY or FOREIGN KEY in a CREATE or ALTER is named") {
  for (const char* statement :
       {"create or replace table s.t (id int not null, customer_id int, constraint pk primary key "
        "(id), constraint fk foreign key (customer_id) references s.customers (id)) using delta",
        "create or replace table `s`.`t` (\n  `id` int NOT NULL,\n  PRIMARY KEY (id)\n) using "
        "delta",
        "alter table s.t add constraint fk foreign key (id) references s.u (id)"}) {
    CAPTURE(statement);
    const auto explanation = databricks_only_clause_explanation(statement, kParseError);
    REQUIRE(explanation.has_value());
    CHECK(explanation->find("PRIMARY KEY or FOREIGN KEY constraint") != std::string::npos);
  }
  // A query (`primary key` aliases the column primary as key), a string, a name.
  for (const char* statement : {"select primary key from t", "select 'primary key' as primary",
                                "create table t (`primary key` int) using delta"}) {
    CAPTURE(statement);
    CHECK_FALSE(databricks_only_clause_explanation(statement, kParseError).has_value());
  }
}

TEST_CASE(
    "a JSON path after a name, a quoted name or a bracket is explained when Spark stops at it") {
  for (const char* statement :
       {"select raw:customer.id from events", "select e.raw:items[0].sku from events e",
        "select `raw json`:id from t", "select payload:[0] from t",
        "select (payload):`Field` from t", "select raw:id::int from t"}) {
    const auto explanation = databricks_only_clause_explanation(statement, kColonError);
    REQUIRE(explanation.has_value());
    CHECK(explanation->find("get_json_object(column, '$.field')") != std::string::npos);
  }
}

TEST_CASE("a colon in a string, a comment, a cast, a type or a parameter is no JSON path") {
  for (const char* statement : {"select '12:30' as at", "select 1 -- a:b", "select x::int from t",
                                "select * from t where id = :id", "select 1 /* raw:id */"}) {
    CHECK_FALSE(databricks_only_clause_explanation(statement, kColonError).has_value());
  }
  // Spark's own syntax: its parser did not stop at that colon, so nothing is explained.
  CHECK_FALSE(
      databricks_only_clause_explanation("select cast(s as struct<a:int>) fro t", kParseError)
          .has_value());
}

TEST_CASE("a command Spark refuses on a v2 table is explained as a Delta table on OSS Spark") {
  // Spark 4.0.1 and 3.5, for `analyze table s.t compute statistics for all columns` on Delta.
  const auto explained = delta_command_explanation(
      "[NOT_SUPPORTED_COMMAND_FOR_V2_TABLE] ANALYZE TABLE is not supported for v2 tables. "
      "SQLSTATE: 0A000");
  REQUIRE(explained);
  CHECK(mentions(*explained, "Delta table is a v2 table"));
  CHECK(mentions(*explained, "Leave it out of runs on OSS Spark"));
  CHECK_FALSE(delta_command_explanation(
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found."));
}

TEST_CASE("a lookup in information_schema is explained as Unity Catalog's, in any case") {
  using dbt_session::bindings::information_schema_explanation;
  for (const char* message :
       {"[TABLE_OR_VIEW_NOT_FOUND] The table or view "
        "`hive_metastore`.`information_schema`.`tables` "
        "cannot be found. Verify the spelling.\nSQLSTATE: 42P01; line 4 pos 25",
        "[TABLE_OR_VIEW_NOT_FOUND] The table or view `INFORMATION_SCHEMA`.`Columns` cannot be "
        "found."}) {
    const auto explained = information_schema_explanation(message);
    REQUIRE(explained);
    CHECK(mentions(*explained, "only in Unity Catalog catalogs"));
    CHECK(mentions(*explained, "SHOW TABLES IN <schema>"));
  }
  // Another missing table, a table named information_schema, the name on another line, another
  // error class: no explanation.
  CHECK_FALSE(information_schema_explanation(
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view `s`.`tables` cannot be found."));
  CHECK_FALSE(information_schema_explanation(
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view `s`.`information_schema` cannot be found."));
  CHECK_FALSE(information_schema_explanation(
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found.\n"
      "select * from `information_schema`.`tables`"));
  CHECK_FALSE(information_schema_explanation(
      "[SCHEMA_NOT_FOUND] The schema `information_schema` cannot be found."));
}

TEST_CASE("a subquery in a Delta DELETE, UPDATE or MERGE condition is explained with a MERGE") {
  using dbt_session::bindings::delta_subquery_explanation;
  for (const char* message :
       {"[DELTA_UNSUPPORTED_SUBQUERY] Subqueries are not supported in the DELETE (condition = "
        "(spark_catalog.s.t.id IN (listquery()))).",
        "[DELTA_UNSUPPORTED_IN_SUBQUERY] In subquery is not supported in the UPDATE condition."}) {
    const auto explained = delta_subquery_explanation(message);
    REQUIRE(explained);
    CHECK(mentions(*explained, "OSS Delta runs no subquery in the condition"));
    CHECK(mentions(*explained, "WHEN MATCHED THEN DELETE"));
  }
  CHECK_FALSE(delta_subquery_explanation(
      "[DELTA_UNSUPPORTED_SUBQUERY_IN_PARTITION_PREDICATES] Subquery is not supported in "
      "partition predicates."));
  CHECK_FALSE(delta_subquery_explanation("[PARSE_SYNTAX_ERROR] Syntax error at or near 'in'."));
}
