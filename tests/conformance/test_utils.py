"""dbt-tests-adapter's cross-database macro suites (date, string, cast, set and aggregate macros;
data type macros) on the `method: session` profile, local Spark + Delta."""

import pytest

from dbt.tests.adapter.utils.data_types.test_type_bigint import BaseTypeBigInt
from dbt.tests.adapter.utils.data_types.test_type_boolean import BaseTypeBoolean
from dbt.tests.adapter.utils.data_types.test_type_float import BaseTypeFloat
from dbt.tests.adapter.utils.data_types.test_type_float import (
    seeds__expected_csv as float_expected_csv,
)
from dbt.tests.adapter.utils.data_types.test_type_int import BaseTypeInt
from dbt.tests.adapter.utils.data_types.test_type_numeric import BaseTypeNumeric
from dbt.tests.adapter.utils.data_types.test_type_string import BaseTypeString
from dbt.tests.adapter.utils.data_types.test_type_timestamp import BaseTypeTimestamp
from dbt.tests.adapter.utils.test_any_value import BaseAnyValue
from dbt.tests.adapter.utils.test_bool_or import BaseBoolOr
from dbt.tests.adapter.utils.test_cast import BaseCast
from dbt.tests.adapter.utils.test_cast_bool_to_text import BaseCastBoolToText
from dbt.tests.adapter.utils.test_concat import BaseConcat
from dbt.tests.adapter.utils.test_current_timestamp import BaseCurrentTimestampAware
from dbt.tests.adapter.utils.test_date import BaseDate
from dbt.tests.adapter.utils.test_date_trunc import BaseDateTrunc
from dbt.tests.adapter.utils.test_dateadd import BaseDateAdd
from dbt.tests.adapter.utils.test_datediff import BaseDateDiff
from dbt.tests.adapter.utils.test_escape_single_quotes import BaseEscapeSingleQuotesBackslash
from dbt.tests.adapter.utils.test_except import BaseExcept
from dbt.tests.adapter.utils.test_hash import BaseHash
from dbt.tests.adapter.utils.test_intersect import BaseIntersect
from dbt.tests.adapter.utils.test_last_day import BaseLastDay
from dbt.tests.adapter.utils.test_length import BaseLength
from dbt.tests.adapter.utils.fixture_listagg import models__test_listagg_yml
from dbt.tests.adapter.utils.test_listagg import BaseListagg
from dbt.tests.adapter.utils.test_position import BasePosition
from dbt.tests.adapter.utils.test_replace import BaseReplace
from dbt.tests.adapter.utils.test_right import BaseRight
from dbt.tests.adapter.utils.test_safe_cast import BaseSafeCast
from dbt.tests.adapter.utils.test_split_part import BaseSplitPart
from dbt.tests.adapter.utils.test_string_literal import BaseStringLiteral


class TestAnyValueInTheSession(BaseAnyValue):
    pass


class TestBoolOrInTheSession(BaseBoolOr):
    pass


class TestCastInTheSession(BaseCast):
    pass


class TestCastBoolToTextInTheSession(BaseCastBoolToText):
    pass


class TestConcatInTheSession(BaseConcat):
    pass


class TestCurrentTimestampInTheSession(BaseCurrentTimestampAware):
    """current_timestamp() reads back as an aware datetime, as from databricks-sql-connector."""


class TestDateInTheSession(BaseDate):
    pass


class TestDateAddInTheSession(BaseDateAdd):
    pass


class TestDateDiffInTheSession(BaseDateDiff):
    pass


class TestDateTruncInTheSession(BaseDateTrunc):
    pass


class TestEscapeSingleQuotesInTheSession(BaseEscapeSingleQuotesBackslash):
    """dbt-spark's escape_single_quotes (which dbt-databricks uses) escapes with a backslash;
    Spark reads 'they''re' as two adjacent literals ('theyre'), so the doubled-quote variant of
    the base class cannot hold on Spark."""


class TestExceptInTheSession(BaseExcept):
    pass


class TestHashInTheSession(BaseHash):
    pass


class TestIntersectInTheSession(BaseIntersect):
    pass


class TestLastDayInTheSession(BaseLastDay):
    pass


class TestLengthInTheSession(BaseLength):
    pass


# dbt-spark's listagg (used by dbt-databricks) builds on collect_list and ignores `order by`
# and the limit, as dbt-databricks' own suite notes; its override keeps the unordered cases.
_listagg_unordered_sql = """
with data as (select * from {{ ref('data_listagg') }}),
data_output as (select * from {{ ref('data_listagg_output') }}),
calculate as (
    select group_col, {{ listagg('string_text', "', '") }} as actual,
           'comma_whitespace_unordered' as version
    from data where group_col = 3 group by group_col
    union all
    select group_col, {{ listagg('DISTINCT string_text', "','") }} as actual,
           'distinct_comma' as version
    from data where group_col = 3 group by group_col
    union all
    select group_col, {{ listagg('string_text') }} as actual, 'no_params' as version
    from data where group_col = 3 group by group_col
)
select calculate.actual, data_output.expected
from calculate
left join data_output
on calculate.group_col = data_output.group_col and calculate.version = data_output.version
"""


class TestListaggInTheSession(BaseListagg):
    @pytest.fixture(scope="class")
    def models(self):
        return {
            "test_listagg.yml": models__test_listagg_yml,
            "test_listagg.sql": self.interpolate_macro_namespace(_listagg_unordered_sql, "listagg"),
        }


class TestPositionInTheSession(BasePosition):
    pass


class TestReplaceInTheSession(BaseReplace):
    pass


class TestRightInTheSession(BaseRight):
    pass


class TestSafeCastInTheSession(BaseSafeCast):
    pass


class TestSplitPartInTheSession(BaseSplitPart):
    pass


class TestStringLiteralInTheSession(BaseStringLiteral):
    pass


class TestTypeBigIntInTheSession(BaseTypeBigInt):
    pass


class TestTypeBooleanInTheSession(BaseTypeBoolean):
    pass


class TestTypeFloatInTheSession(BaseTypeFloat):
    """The seed would infer `1.2345` as double; type_float() is Spark's 4-byte float, so the two
    differ under EXCEPT. dbt-databricks' own suite types the seed column as float, as here."""

    @pytest.fixture(scope="class")
    def seeds(self):
        return {
            "expected.csv": float_expected_csv,
            "expected.yml": "version: 2\nseeds:\n  - name: expected\n"
            "    config:\n      column_types:\n        float_col: float\n",
        }


class TestTypeIntInTheSession(BaseTypeInt):
    """dbt-databricks types a seed column of whole numbers as bigint (on a cluster too, it is
    its agate type mapping); `type_int()` is `int`, so the expected seed says so."""

    @pytest.fixture(scope="class")
    def project_config_update(self):
        return {"seeds": {"+column_types": {"int_col": "int"}}}


class TestTypeNumericInTheSession(BaseTypeNumeric):
    pass


class TestTypeStringInTheSession(BaseTypeString):
    pass


class TestTypeTimestampInTheSession(BaseTypeTimestamp):
    pass
