select r'C:\dbt\', "a;b" as `semi;colon` -- windows line end
, %s as v -- carriage return only, ? as w -- continued \
; still a comment
from t;
select 2