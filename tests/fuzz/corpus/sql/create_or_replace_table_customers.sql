/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "jaffle_shop", "target_name": "local", "invocation_id": "068169c3-91b5-40ac-bdda-68224f874447", "node_id": "model.jaffle_shop.customers"} */

  
    
        create or replace table `hive_metastore`.`jaffle_shop`.`customers`
      
      
    using delta
  
      
      
      
      
      
      
      
      
      as
      with orders as (
    select
        customer_id,
        min(order_date) as first_order,
        max(order_date) as most_recent_order,
        count(order_id) as number_of_orders,
        sum(amount) as lifetime_value
    from `hive_metastore`.`jaffle_shop`.`orders`
    group by customer_id
)

select
    c.customer_id,
    c.first_name,
    c.last_name,
    o.first_order,
    o.most_recent_order,
    coalesce(o.number_of_orders, 0) as number_of_orders,
    coalesce(o.lifetime_value, 0) as lifetime_value
from `hive_metastore`.`jaffle_shop`.`stg_customers` as c
left join orders as o on c.customer_id = o.customer_id
