/* {"app": "dbt", "dbt_version": "1.12.0", "dbt_databricks_version": "1.12.4", "databricks_sql_connector_version": "4.4.0", "profile_name": "test", "target_name": "default", "invocation_id": "df5b78a6-fb03-48a9-a2fe-63709aa27f58", "connection_name": "_test"} */
with diff_count as (
    SELECT
        1 as id,
        COUNT(*) as num_missing FROM (
            (SELECT `id` FROM `hive_metastore`.`test17961726180803465947_test_basic`.`model` EXCEPT
             SELECT `id` FROM `hive_metastore`.`test17961726180803465947_test_basic`.`expected`)
             UNION ALL
            (SELECT `id` FROM `hive_metastore`.`test17961726180803465947_test_basic`.`expected` EXCEPT
             SELECT `id` FROM `hive_metastore`.`test17961726180803465947_test_basic`.`model`)
        ) as a
), table_a as (
    SELECT COUNT(*) as num_rows FROM `hive_metastore`.`test17961726180803465947_test_basic`.`model`
), table_b as (
    SELECT COUNT(*) as num_rows FROM `hive_metastore`.`test17961726180803465947_test_basic`.`expected`
), row_count_diff as (
    select
        1 as id,
        table_a.num_rows - table_b.num_rows as difference
    from table_a
    cross join table_b
)
select
    row_count_diff.difference as row_count_difference,
    diff_count.num_missing as num_mismatched
from row_count_diff
cross join diff_count
