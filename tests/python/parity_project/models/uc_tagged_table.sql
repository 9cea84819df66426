{# Unity Catalog only (tags, column masks): disabled on hive_metastore targets. #}
{{ config(
    materialized='table',
    enabled=(target.database != 'hive_metastore'),
    databricks_tags={'domain': 'sales'},
) }}
select order_id, customer from {{ ref('stg_orders') }}
