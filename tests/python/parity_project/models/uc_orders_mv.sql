{# Materialized views are Unity Catalog objects: disabled on hive_metastore targets. #}
{{ config(materialized='materialized_view', enabled=(target.database != 'hive_metastore')) }}
select order_date, sum(amount) as total from {{ ref('orders_table') }} group by order_date
