{# Unity Catalog only (tags, column masks): disabled on hive_metastore targets. Incremental,
   so a rerun diffs its tags and masks against the relation's and alters them. #}
{{ config(
    materialized='incremental',
    unique_key='order_id',
    enabled=(target.database != 'hive_metastore'),
    databricks_tags={'domain': 'sales'},
) }}
select order_id, customer from {{ ref('stg_orders') }}
