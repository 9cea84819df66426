{{ config(
    materialized='incremental',
    incremental_strategy='replace_where',
    incremental_predicates=["order_date >= '2024-01-02'"],
) }}
select order_id, amount, order_date from {{ ref('stg_orders') }}
