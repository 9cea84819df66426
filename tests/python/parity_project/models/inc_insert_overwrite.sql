{{ config(materialized='incremental', incremental_strategy='insert_overwrite', partition_by=['order_date']) }}
select order_id, amount, order_date from {{ ref('stg_orders') }}
