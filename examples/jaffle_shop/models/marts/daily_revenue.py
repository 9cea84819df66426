"""An incremental Python model (merge on order_date): a pandas DataFrame in, Spark out."""


def model(dbt, session):
    dbt.config(materialized="incremental", unique_key="order_date", incremental_strategy="merge")
    orders = dbt.ref("orders")
    if dbt.is_incremental:
        # Recompute only the days at or after the newest one already loaded.
        newest = session.sql(f"select max(order_date) from {dbt.this}").collect()[0][0]
        if newest is not None:
            orders = orders.where(orders.order_date >= newest)
    daily = orders.groupBy("order_date").agg({"amount": "sum", "order_id": "count"}).toPandas()
    daily.columns = [c.replace("sum(amount)", "revenue").replace("count(order_id)", "orders") for c in daily.columns]
    daily["revenue"] = daily["revenue"].astype(float)
    return daily
