"""A Python model between SQL models: reads `customers`, feeds `segment_summary`."""

from pyspark.sql import functions as F


def model(dbt, session):
    dbt.config(materialized="table")
    customers = dbt.ref("customers")
    return customers.select(
        "customer_id",
        "lifetime_value",
        F.when(F.col("lifetime_value") >= 150, "gold")
        .when(F.col("lifetime_value") >= 75, "silver")
        .otherwise("bronze")
        .alias("segment"),
    )
