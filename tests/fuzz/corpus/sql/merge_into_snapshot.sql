/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "test", "target_name": "default", "invocation_id": "d558f057-2d98-464f-957b-62dc31b7ee2b", "node_id": "snapshot.snapshot_strategy_timestamp.ts_snapshot"} */

      merge into `hive_metastore`.`test17961725896043349430_test_basic`.`ts_snapshot` as DBT_INTERNAL_DEST
        using `ts_snapshot__dbt_tmp` as DBT_INTERNAL_SOURCE
    on DBT_INTERNAL_SOURCE.`dbt_scd_id` = DBT_INTERNAL_DEST.`dbt_scd_id`
    when matched
        and DBT_INTERNAL_DEST.`dbt_valid_to` is null
        and DBT_INTERNAL_SOURCE.`dbt_change_type` in ('update', 'delete')
        then update
        set `dbt_valid_to` = DBT_INTERNAL_SOURCE.`dbt_valid_to`

    when not matched
        and DBT_INTERNAL_SOURCE.`dbt_change_type` = 'insert'
        then insert (`id`, `name`, `some_date`, `dbt_updated_at`, `dbt_valid_from`, `dbt_valid_to`, `dbt_scd_id`)
        values (`id`, `name`, `some_date`, `dbt_updated_at`, `dbt_valid_from`, `dbt_valid_to`, `dbt_scd_id`)
    ;
