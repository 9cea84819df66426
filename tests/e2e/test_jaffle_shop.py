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
    [totals] = show_rows(
        run_dbt_session,
        jaffle_shop,
        "select count(*) as customers, sum(number_of_orders) as orders, "
        "cast(sum(lifetime_value) as double) as amount from {{ ref('customers') }}",
    )
    assert totals["customers"] == len(customers)
    assert totals["orders"] == len(orders)
    assert abs(totals["amount"] - expected_amount) < 0.005

    [merged] = show_rows(
        run_dbt_session,
        jaffle_shop,
        "select count(*) as orders, count(distinct order_id) as distinct_orders from {{ ref('orders') }}",
    )
    assert merged == {"orders": len(orders), "distinct_orders": len(orders)}

    # The Python models: a table between SQL models and an incremental merge.
    [python_totals] = show_rows(
        run_dbt_session,
        jaffle_shop,
        "select (select sum(customers) from {{ ref('segment_summary') }}) as segmented, "
        "(select count(*) from {{ ref('daily_revenue') }}) as days, "
        "(select count(distinct order_date) from {{ ref('orders') }}) as order_days, "
        "(select sum(orders) from {{ ref('daily_revenue') }}) as daily_orders, "
        "(select round(sum(revenue), 2) from {{ ref('daily_revenue') }}) as revenue",
    )
    assert python_totals["segmented"] == len(customers)
    assert python_totals["days"] == python_totals["order_days"]
    assert python_totals["daily_orders"] == len(orders)
    assert abs(python_totals["revenue"] - expected_amount) < 0.005
