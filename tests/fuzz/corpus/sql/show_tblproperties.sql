/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "test", "target_name": "default", "invocation_id": "6e56f46c-ca8a-4279-b8d0-058482e7f3b2", "node_id": "model.incremental.incremental"} */
SHOW TBLPROPERTIES `hive_metastore`.`test17961724977809403854_test_basic`.`incremental`
