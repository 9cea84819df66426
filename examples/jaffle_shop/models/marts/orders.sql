-- Incremental: the first run builds the table, later runs merge orders that are new or
-- changed (dbt-databricks' default strategy on Delta is merge).
{{ config(materialized='incremental', unique_key='order_id', incremental_strategy='merge') }}

with payments as (
    select
        order_id,
        sum(amount) as amount,
        sum(case when payment_method = 'credit_card' then amount else 0 end) as credit_card_amount,
        sum(case when payment_method = 'coupon' then amount else 0 end) as coupon_amount,
        sum(case when payment_method = 'bank_transfer' then amount else 0 end) as bank_transfer_amount,
        sum(case when payment_method = 'gift_card' then amount else 0 end) as gift_card_amount
    from {{ ref('stg_payments') }}
    group by order_id
)

select
    o.order_id,
    o.customer_id,
    o.order_date,
    o.status,
    p.credit_card_amount,
    p.coupon_amount,
    p.bank_transfer_amount,
    p.gift_card_amount,
    p.amount
from {{ ref('stg_orders') }} as o
left join payments as p on o.order_id = p.order_id
{% if is_incremental() %}
where o.order_date >= (select coalesce(max(order_date), date'1900-01-01') from {{ this }})
{% endif %}
