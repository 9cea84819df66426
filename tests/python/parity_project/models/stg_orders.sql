{{ config(materialized='view') }}
select order_id, customer, amount, cast(ordered_at as date) as order_date
from {{ ref('raw_orders') }}
