/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "node_id": "seed.jaffle_shop.raw_customers"} */

          insert overwrite `hive_metastore`.`jaffle_shop`.`raw_customers` values
          (%s,%s,%s),(%s,%s,%s),(%s,%s,%s)
      