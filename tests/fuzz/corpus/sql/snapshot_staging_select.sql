/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "test", "target_name": "default", "invocation_id": "d558f057-2d98-464f-957b-62dc31b7ee2b", "node_id": "snapshot.snapshot_strategy_timestamp.ts_snapshot"} */
select * from (
        
    
    with snapshot_query as (

        select * from `hive_metastore`.`test17961725896043349430_test_basic`.`added`

    ),

    snapshotted_data as (

        select *, 
    
        id as dbt_unique_key
    

        from `hive_metastore`.`test17961725896043349430_test_basic`.`ts_snapshot`
        where
            
                dbt_valid_to is null
            

    ),

    insertions_source_data as (

        select *, 
    
        id as dbt_unique_key
    
,
            some_date as dbt_updated_at,
            some_date as dbt_valid_from,
            
  
  coalesce(nullif(some_date, some_date), null)
  as dbt_valid_to
,
            md5(coalesce(cast(id as string ), '')
         || '|' || coalesce(cast(some_date as string ), '')
        ) as dbt_scd_id

        from snapshot_query
    ),

    updates_source_data as (

        select *, 
    
        id as dbt_unique_key
    
,
            some_date as dbt_updated_at,
            some_date as dbt_valid_from,
            some_date as dbt_valid_to

        from snapshot_query
    ),

    insertions as (

        select
            'insert' as dbt_change_type,
            source_data.*

        from insertions_source_data as source_data
        left outer join snapshotted_data
            on 
    
        snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
    

            where 
    
        snapshotted_data.dbt_unique_key is null
    

            or (
    
        snapshotted_data.dbt_unique_key is not null
    
 and (
                (snapshotted_data.dbt_valid_from < source_data.some_date)
            )

        )

    ),

    updates as (

        select
            'update' as dbt_change_type,
            source_data.*,
            snapshotted_data.dbt_scd_id

        from updates_source_data as source_data
        join snapshotted_data
            on 
    
        snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
    

        where (
            (snapshotted_data.dbt_valid_from < source_data.some_date)
        )
    )

    select * from insertions
    union all
    select * from updates

    ) as __dbt_sbq
    where false
    limit 0
