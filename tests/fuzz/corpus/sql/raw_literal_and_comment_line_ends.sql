select r'C:\dbt\', "a;b" as `semi;colon` -- windows line end\r
, %s as v -- continued \
; still a comment
from t;
select 2