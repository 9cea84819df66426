"""The example project, end to end through the binary, twice."""

import csv
from pathlib import Path

from conftest import EXAMPLE, RunDbtSession, show_rows


def seed_rows(name: str) -> list[dict[str, str]]:
    with open(EXAMPLE / "seeds" / f"{name}.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def test_jaffle_shop_builds_twice_and_a_third_invocation_reads_its_tables(
    run_dbt_session: RunDbtSession, jaffle_shop: Path
) -> None:
    first = run_dbt_session(["build", "--profiles-dir", "."], cwd=jaffle_shop)
    assert first.returncode == 0, first.output
    assert "Completed successfully" in first.stdout
    assert "PASS=30" in first.stdout
    assert "WARNING" not in first.stdout  # the first thing a new user sees (`make demo`) is clean
    assert "OK created python table model jaffle_shop.customer_segments" in first.stdout
    assert "OK created python incremental model jaffle_shop.daily_revenue" in first.stdout

    # The second run finds the first run's tables in the persistent metastore: the
    # incremental model takes its merge path instead of being created.
    second = run_dbt_session(["build", "--profiles-dir", "."], cwd=jaffle_shop)
    assert second.returncode == 0, second.output
    assert "PASS=30" in second.stdout

    customers = seed_rows("raw_customers")
    orders = seed_rows("raw_orders")
    payments = seed_rows("raw_payments")
    expected_amount = sum(int(p["amount_cents"]) for p in payments) / 100
    # One read-back invocation (one JVM start) for every table checked.
    [totals] = show_rows(
        run_dbt_session,
        jaffle_shop,
        "select (select count(*) from {{ ref('customers') }}) as customers, "
        "(select sum(number_of_orders) from {{ ref('customers') }}) as orders, "
        "(select cast(sum(lifetime_value) as double) from {{ ref('customers') }}) as amount, "
        "(select count(*) from {{ ref('orders') }}) as merged_orders, "
        "(select count(distinct order_id) from {{ ref('orders') }}) as distinct_orders, "
        # The Python models: a table between SQL models and an incremental merge.
        "(select sum(customers) from {{ ref('segment_summary') }}) as segmented, "
        "(select count(*) from {{ ref('daily_revenue') }}) as days, "
        "(select count(distinct order_date) from {{ ref('orders') }}) as order_days, "
        "(select sum(orders) from {{ ref('daily_revenue') }}) as daily_orders, "
        "(select round(sum(revenue), 2) from {{ ref('daily_revenue') }}) as revenue",
    )
    assert totals["customers"] == len(customers)
    assert totals["orders"] == len(orders)
    assert abs(totals["amount"] - expected_amount) < 0.005
    # The incremental merge of the second build added no duplicates.
    assert totals["merged_orders"] == totals["distinct_orders"] == len(orders)
    assert totals["segmented"] == len(customers)
    assert totals["days"] == totals["order_days"]
    assert totals["daily_orders"] == len(orders)
    assert abs(totals["revenue"] - expected_amount) < 0.005
