// bindings/written_table.hpp: the table a write statement names, for the Delta commit lookup
// behind rows_affected.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings/written_table.hpp"

namespace {

using dbt_session::bindings::written_table;
using Name = std::optional<std::vector<std::string>>;

}  // namespace

TEST_CASE("CTAS and CREATE OR REPLACE ... AS name their table, backticks removed") {
  CHECK(written_table("create or replace table `hive_metastore`.`s`.`m`\n  using delta\n  as\n "
                      "select 1") == Name({{"hive_metastore", "s", "m"}}));
  CHECK(written_table("CREATE TABLE IF NOT EXISTS s.m USING delta AS SELECT 1") ==
        Name({{"s", "m"}}));
  CHECK(written_table("replace table `a``b` as select 1") == Name({{"a`b"}}));
}

TEST_CASE("dbt's query comment and whitespace before the statement are skipped") {
  CHECK(written_table("/* {\"app\": \"dbt\"} */\n-- note\n  insert into s.m select 1") ==
        Name({{"s", "m"}}));
}

TEST_CASE("a CREATE TABLE without a query writes no rows") {
  CHECK(written_table("create table s.seed (id int, `as` string comment 'as') using delta") ==
        std::nullopt);
  CHECK(written_table("create table s.t (id int) tblproperties ('as' = 'x')") == std::nullopt);
}

TEST_CASE("CTAS with options and a column list before AS is still a write") {
  CHECK(written_table("create or replace table s.m (id int) using delta partitioned by (id) "
                      "comment 'a table as such' tblproperties ('k' = 'v') as select 1") ==
        Name({{"s", "m"}}));
}

TEST_CASE("INSERT INTO, INSERT OVERWRITE [TABLE], REPLACE WHERE and MERGE INTO name their table") {
  CHECK(written_table("insert into s.m (id) values (1)") == Name({{"s", "m"}}));
  CHECK(written_table("insert overwrite table s.m select 1") == Name({{"s", "m"}}));
  CHECK(written_table("insert into s.m replace where d = 1 select 1") == Name({{"s", "m"}}));
  CHECK(written_table("insert into table_x select 1") == Name({{"table_x"}}));
  CHECK(written_table("merge into `c`.`s`.`m` as t using x on t.id = x.id") ==
        Name({{"c", "s", "m"}}));
}

TEST_CASE("views, selects, DDL and directory writes name no written table") {
  CHECK(written_table("create or replace view s.v as select 1") == std::nullopt);
  CHECK(written_table("create or replace temporary view v as select 1") == std::nullopt);
  CHECK(written_table("select * from s.m") == std::nullopt);
  CHECK(written_table("insert overwrite directory '/tmp/x' select 1") == std::nullopt);
  CHECK(written_table("alter table s.m add columns (x int)") == std::nullopt);
  CHECK(written_table("") == std::nullopt);
}
