{{ config(materialized='table') }}
select city, count(*) as people from {{ ref('stg_people') }} group by city
