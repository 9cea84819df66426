select * from {{ ref('inc_merge') }} where amount < 0
