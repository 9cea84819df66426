-- Every payment is counted in exactly one order: the totals agree.
select 1
from (select sum(amount) as total from {{ ref('orders') }}) as o
cross join (select sum(amount) as total from {{ ref('stg_payments') }}) as p
where abs(o.total - p.total) > 0.001
