/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "jaffle_shop", "target_name": "local", "invocation_id": "068169c3-91b5-40ac-bdda-68224f874447", "node_id": "model.jaffle_shop.stg_customers"} */

  
  
  
  create or replace view `hive_metastore`.`jaffle_shop`.`stg_customers`
  
  as (
    select
    id as customer_id,
    first_name,
    last_name
from `hive_metastore`.`jaffle_shop`.`raw_customers`
  )
