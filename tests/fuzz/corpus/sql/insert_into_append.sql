/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "test", "target_name": "default", "invocation_id": "feb2d6ab-c8cf-4941-a359-1656f0c9d55e", "node_id": "model.test.appended"} */
insert into `hive_metastore`.`test17961728812263044614_test_python_models`.`appended` by name
            select * from `hive_metastore`.`test17961728812263044614_test_python_models`.`appended__dbt_tmp`
