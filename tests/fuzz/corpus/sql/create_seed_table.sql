/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "bad_input", "target_name": "local", "invocation_id": "db230219-58b3-4ee3-9e4f-966e7f7c4f9d", "node_id": "seed.bad_input.special_values"} */

    create  table `hive_metastore`.`e2e_seed_values`.`special_values` (`id` bigint ,`value` string )
    
    using delta
