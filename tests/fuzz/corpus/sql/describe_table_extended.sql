/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "bad_input", "target_name": "local", "invocation_id": "ed45c7cd-10ba-4722-ba14-e89bf74bbb2f", "node_id": "model.bad_input.good"} */

      describe extended `hive_metastore`.`e2e_broken_model`.`good`
