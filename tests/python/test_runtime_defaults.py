"""A created session answers as a Databricks runtime does where Spark has a setting for it
(host/spark_settings.cpp; docs/compatibility.md lists each default matched and each not)."""

from typing import Any


def table_format(spark: Any, table: str) -> str:
    return spark.sql(f"DESCRIBE DETAIL {table}").first()["format"]


def test_create_table_as_select_without_using_makes_a_delta_table_that_takes_delete(spark: Any, schema: str) -> None:
    spark.sql(f"CREATE TABLE {schema}.ctas_plain AS SELECT id FROM range(3)")
    assert table_format(spark, f"{schema}.ctas_plain") == "delta"
    spark.sql(f"DELETE FROM {schema}.ctas_plain WHERE id = 1")
    spark.sql(f"UPDATE {schema}.ctas_plain SET id = 10 WHERE id = 2")
    assert sorted(row.id for row in spark.table(f"{schema}.ctas_plain").collect()) == [0, 10]


def test_create_table_without_using_makes_a_delta_table(spark: Any, schema: str) -> None:
    spark.sql(f"CREATE TABLE {schema}.plain (id BIGINT, name STRING)")
    assert table_format(spark, f"{schema}.plain") == "delta"


def test_a_dataframe_saved_without_a_format_is_delta(spark: Any, schema: str) -> None:
    spark.range(2).write.saveAsTable(f"{schema}.saved_plain")
    assert table_format(spark, f"{schema}.saved_plain") == "delta"

