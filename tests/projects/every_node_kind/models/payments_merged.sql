{{ config(materialized='incremental', unique_key='payment_id', incremental_strategy='merge') }}
select payment_id, person_id, cast(paid_on as date) as paid_on, cast(amount as double) as amount
from {{ ref('payments') }}
{% if is_incremental() %}
where cast(paid_on as date) >= (select max(paid_on) from {{ this }})
{% endif %}
