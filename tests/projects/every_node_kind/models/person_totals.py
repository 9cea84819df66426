"""A Python table: the runtime's pandas in, a Spark table out."""


def model(dbt, session):
    dbt.config(materialized="table")
    payments = dbt.ref("payments_merged").toPandas()
    totals = payments.groupby("person_id", as_index=False)["amount"].sum()
    names = dbt.ref("stg_people").toPandas()[["person_id", "name"]]
    return totals.merge(names, on="person_id")
