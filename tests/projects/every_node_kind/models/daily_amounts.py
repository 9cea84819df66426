"""An incremental Python model merged on paid_on."""

from pyspark.sql import functions as F


def model(dbt, session):
    dbt.config(materialized="incremental", unique_key="paid_on", incremental_strategy="merge")
    payments = dbt.ref("payments_merged")
    if dbt.is_incremental:
        newest = session.sql(f"select max(paid_on) from {dbt.this}").collect()[0][0]
        payments = payments.where(F.col("paid_on") >= F.lit(newest))
    return payments.groupBy("paid_on").agg(F.sum("amount").alias("amount"), F.count("*").alias("payments"))
