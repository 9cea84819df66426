// bindings/job_labels.hpp: the names Spark's UI shows for a dbt node's jobs.
#include <doctest/doctest.h>

#include <string>

#include "bindings/job_labels.hpp"

namespace {

using dbt_session::bindings::invocation_tag;
using dbt_session::bindings::job_description;
using dbt_session::bindings::node_job_group;
using dbt_session::bindings::statement_summary;
using dbt_session::bindings::tag_safe;

}  // namespace

TEST_CASE("a summary drops dbt's query comment and collapses the statement to one line") {
  CHECK(statement_summary("/* {\"app\": \"dbt\", \"node_id\": \"model.p.m\"} */\n\n  create or "
                          "replace table\n  t\tas select 1") ==
        "create or replace table t as select 1");
  CHECK(statement_summary("-- a line comment\nselect 1") == "select 1");
  CHECK(statement_summary("   ") == "");
  CHECK(statement_summary("/* never closed") == "");
}

TEST_CASE("a long statement is cut at the width with an ellipsis, never inside a UTF-8 character") {
  CHECK(statement_summary(std::string(200, 'x'), 10) == std::string(10, 'x') + "...");
  // "é" is two bytes; a cut at byte 2 would split it.
  CHECK(statement_summary("aé-rest", 2) == "a...");
}

TEST_CASE("a job description names the node before the statement") {
  CHECK(job_description("model.shop.orders", "/* c */ insert into t select 1") ==
        "model.shop.orders: insert into t select 1");
  CHECK(job_description("", "select 1") == "select 1");
  CHECK(job_description("model.shop.orders", "") == "model.shop.orders");
}

TEST_CASE("the job group names the invocation and the node; the tag names the invocation") {
  CHECK(node_job_group({"0f1e", "model.shop.orders"}) == "dbt-session-0f1e:model.shop.orders");
  CHECK(node_job_group({"0f1e", ""}) == "dbt-session-0f1e:dbt");
  CHECK(invocation_tag("0f1e") == "dbt-session-0f1e");
}

TEST_CASE("commas, which Spark refuses in job tags, are replaced") {
  CHECK(tag_safe("dbt-node-a,b") == "dbt-node-a_b");
}
