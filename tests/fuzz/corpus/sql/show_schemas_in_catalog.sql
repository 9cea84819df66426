/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "jaffle_shop", "target_name": "local", "invocation_id": "068169c3-91b5-40ac-bdda-68224f874447", "connection_name": "list_hive_metastore"} */

    

  SHOW SCHEMAS IN `hive_metastore`
