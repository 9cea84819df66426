"""The example project, end to end through the binary, then its incremental models again. A
data test written into the test's copy checks the tables' contents against the seeds inside
each build (no third invocation, so no third JVM, to read them back)."""

import csv
from pathlib import Path

from conftest import EXAMPLE, RunDbtSession, copy_project


def seed_rows(name: str) -> list[dict[str, str]]:
    with open(EXAMPLE / "seeds" / f"{name}.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_contents_test() -> str:
    """A singular data test (it fails when it returns rows) over the SQL and Python models."""
    customers, orders = len(seed_rows("raw_customers")), len(seed_rows("raw_orders"))
    amount_cents = sum(int(payment["amount_cents"]) for payment in seed_rows("raw_payments"))
    return (
        "select * from (select\n"
        "  (select count(*) from {{ ref('customers') }}) as customers,\n"
        "  (select sum(number_of_orders) from {{ ref('customers') }}) as orders,\n"
        "  (select round(sum(lifetime_value) * 100) from {{ ref('customers') }}) as amount_cents,\n"
        "  (select count(*) from {{ ref('orders') }}) as merged_orders,\n"
        "  (select count(distinct order_id) from {{ ref('orders') }}) as distinct_orders,\n"
        # The Python models: a table between SQL models and an incremental merge.
        "  (select sum(customers) from {{ ref('segment_summary') }}) as segmented,\n"
        "  (select count(*) from {{ ref('daily_revenue') }}) as days,\n"
        "  (select count(distinct order_date) from {{ ref('orders') }}) as order_days,\n"
        "  (select sum(orders) from {{ ref('daily_revenue') }}) as daily_orders,\n"
        "  (select round(sum(revenue) * 100) from {{ ref('daily_revenue') }}) as revenue_cents\n"
        f") where not (customers = {customers} and orders = {orders} and amount_cents = {amount_cents}\n"
        # An incremental merge adds no duplicates.
        f"  and merged_orders = {orders} and distinct_orders = {orders} and segmented = {customers}\n"
        f"  and days = order_days and daily_orders = {orders} and revenue_cents = {amount_cents})\n"
    )


def test_jaffle_shop_builds_and_its_incremental_models_merge_with_the_seeds_contents_in_its_tables(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    project = copy_project(EXAMPLE, tmp_path / "jaffle_shop")
    (project / "tests" / "contents_match_the_seeds.sql").write_text(expected_contents_test())

    first = run_dbt_session(["build", "--profiles-dir", "."], cwd=project)
    assert first.returncode == 0, first.output
    assert "Completed successfully" in first.stdout
    assert "PASS=31" in first.stdout  # the example's 30 nodes and the contents test
    assert "WARNING" not in first.stdout  # the first thing a new user sees (`make demo`) is clean
    assert "Using incubator modules" not in first.stderr  # the JVM's start-up warning (host/jvm_stderr)
    assert "OK created python table model jaffle_shop.customer_segments" in first.stdout
    assert "OK created python incremental model jaffle_shop.daily_revenue" in first.stdout

    # The host's one line at the end: Spark's share of the models' time and the three slowest.
    [summary] = [line for line in first.output.splitlines() if "Spark jobs " in line]
    # Every node but the three seeds, whose response dbt-databricks' seed materialization builds.
    assert " in 28 nodes (" in summary, summary
    assert summary.count("(Spark ") == 3, summary

    # The second run finds the first run's tables in the persistent metastore: the incremental
    # models (orders in SQL, daily_revenue in Python) take their merge path instead of being
    # created, and the contents test finds no duplicate. The rest of the project is unchanged
    # by a second run, so it is not built again.
    second = run_dbt_session(["build", "--profiles-dir", ".", "--select", "config.materialized:incremental",
                              "contents_match_the_seeds"], cwd=project)
    assert second.returncode == 0, second.output
    assert "PASS contents_match_the_seeds" in second.stdout
    assert "OK created sql incremental model jaffle_shop.orders" in second.stdout
    assert "OK created python incremental model jaffle_shop.daily_revenue" in second.stdout
    assert "loaded seed file" not in second.stdout, second.stdout
