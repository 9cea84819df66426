{{ config(
    materialized='table',
    liquid_clustered_by=['order_date'],
    tblproperties={'delta.enableChangeDataFeed': 'true'},
    contract={'enforced': true},
) }}
select order_id, customer, amount, order_date from {{ ref('stg_orders') }}
