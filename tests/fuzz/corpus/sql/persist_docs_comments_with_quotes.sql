/* {"app": "dbt", "node_id": "model.jaffle_shop.customers"} */
alter table `hive_metastore`.`jaffle_shop`.`customers` change column `customer_id` comment 'the customer\'s id; "unique" -- and never null';
alter table `hive_metastore`.`jaffle_shop`.`customers` set tblproperties ('comment' = 'one row per customer /* ? */')
