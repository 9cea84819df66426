/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "test", "target_name": "default", "invocation_id": "687bc65a-98fd-4810-94ea-7ff937c69def", "node_id": "model.test.incremental"} */
-- back compat for old kwarg name
  
  
  
  
  
  
      
          
          
      
  

    merge
    into
        `hive_metastore`.`test17961723537836728055_test_python_models`.`incremental` as DBT_INTERNAL_DEST
    using
        `hive_metastore`.`test17961723537836728055_test_python_models`.`incremental__dbt_tmp` as DBT_INTERNAL_SOURCE
    on
        
              DBT_INTERNAL_SOURCE.`id` <=> DBT_INTERNAL_DEST.`id`
          
    when matched
        then update set
            *
    when not matched
        then insert
            *
