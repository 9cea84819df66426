{{ config(materialized='view') }}
select person_id, name, city from {{ ref('people') }}
