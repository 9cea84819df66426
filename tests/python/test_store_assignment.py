"""Store assignment (an INSERT of a value into a column of another type) follows the session's
Spark line: dbt-session changes no SQL rule (docs/compatibility.md, "SQL rules by Spark line").
Store assignment follows spark.sql.storeAssignmentPolicy (ANSI on every line), not ANSI mode, so
these outcomes hold on Spark 3.5.0 (ANSI off, as DBR 15.4/16.4) and 4.0.1 (ANSI on, as DBR 17+)."""

from typing import Any

import pytest
from pyspark.errors import ArithmeticException, NumberFormatException


@pytest.fixture(scope="module")
def table(spark: Any, schema: str) -> str:
    name = f"{schema}.typed"
    spark.sql(f"CREATE TABLE {name} (ts TIMESTAMP, d DATE, n INT) USING delta")
    return name


def test_well_formed_strings_are_stored_as_timestamps_dates_and_integers(spark: Any, table: str) -> None:
    spark.sql(f"INSERT INTO {table} VALUES ('2024-01-02 03:04:05', '2024-01-02', '42')")
    row = spark.sql(f"SELECT CAST(ts AS STRING) AS ts, CAST(d AS STRING) AS d, n FROM {table}").first()
    assert (row.ts, row.d, row.n) == ("2024-01-02 03:04:05", "2024-01-02", 42)


def test_a_malformed_string_is_refused_not_stored_as_null(spark: Any, table: str) -> None:
    with pytest.raises(NumberFormatException, match="CAST_INVALID_INPUT"):
        spark.sql(f"INSERT INTO {table} (n) VALUES ('forty-two')")


def test_a_value_that_overflows_the_column_is_refused(spark: Any, table: str) -> None:
    with pytest.raises(ArithmeticException, match="CAST_OVERFLOW_IN_TABLE_INSERT"):
        spark.sql(f"INSERT INTO {table} (n) VALUES (3000000000)")
