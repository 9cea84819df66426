/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "jaffle_shop", "target_name": "local", "invocation_id": "068169c3-91b5-40ac-bdda-68224f874447", "node_id": "test.jaffle_shop.assert_payments_match_orders"} */

    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  -- Every payment is counted in exactly one order: the totals agree.
select 1
from (select sum(amount) as total from `hive_metastore`.`jaffle_shop`.`orders`) as o
cross join (select sum(amount) as total from `hive_metastore`.`jaffle_shop`.`stg_payments`) as p
where abs(o.total - p.total) > 0.001
  
  
      
    ) dbt_internal_test
