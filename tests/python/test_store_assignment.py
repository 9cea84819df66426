"""Store assignment (an INSERT of a value into a column of another type) follows the session's
Spark line: dbt-session changes no SQL rule (docs/compatibility.md, "SQL rules by Spark line").
Spark 4.0 runs ANSI mode, as Databricks Runtime 17 and later do; these are its outcomes."""

from typing import Any

import pytest
from pyspark.errors import ArithmeticException, NumberFormatException


@pytest.fixture(scope="module")
def table(spark: Any, schema: str) -> str:
    if not spark.version.startswith("4."):
        pytest.skip(f"outcomes pinned for Spark 4.0 (ANSI on) only; this session is Spark {spark.version}")
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
