set time zone 'Asia/Kolkata';select * from (
    select 1 as id, 'it''s 100%% done' as note
) as __dbt_sbq
where false
limit 0
