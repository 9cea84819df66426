"""dbt-tests-adapter's unit-test suites (`unit_tests:` in YAML) on the `method: session`
profile, local Spark + Delta."""

import pytest
from dbt.tests.adapter.unit_testing import (
    test_quoted_reserved_word_column_names as quoted_reserved_word,
)
from dbt.tests.adapter.unit_testing.test_case_insensitivity import BaseUnitTestCaseInsensivity
from dbt.tests.adapter.unit_testing.test_invalid_input import BaseUnitTestInvalidInput
from dbt.tests.adapter.unit_testing.test_quoted_reserved_word_column_names import (
    BaseUnitTestQuotedReservedWordColumnNames,
)
from dbt.tests.adapter.unit_testing.test_types import (
    BaseUnitTestingTypes,
    BaseUnitTestingVarcharFixtureNoTruncation,
)


class TestUnitTestingTypesInTheSession(BaseUnitTestingTypes):
    @pytest.fixture
    def data_types(self):
        """The base class lists Postgres literals (TIMESTAMPTZ, arrays as '{1,2,3}', json);
        these are Spark's, complex types given in YAML as SQL expressions."""
        # sql_value, yaml_value
        return [
            ["1", "1"],
            ["'1'", "1"],
            ["2.0", "2.0"],
            ["'string'", "string"],
            ["true", "true"],
            ["DATE '2020-01-02'", "2020-01-02"],
            ["TIMESTAMP '2013-11-03 00:00:00-0'", "2013-11-03 00:00:00-0"],
            ["TIMESTAMP_NTZ '2013-11-03 00:00:00'", "2013-11-03 00:00:00"],
            ["'1'::numeric", "1"],
            ["array(1, 2, 3)", "'array(1, 2, 3)'"],
            ["map('10', 't', '15', 'f')", """'map("10", "t", "15", "f")'"""],
            ['named_struct("a", 1, "b", 2)', """'named_struct("a", 1, "b", 2)'"""],
        ]


class TestUnitTestingVarcharFixtureIsNotTruncatedInTheSession(
    BaseUnitTestingVarcharFixtureNoTruncation
):
    pass


class TestUnitTestCaseInsensitivityInTheSession(BaseUnitTestCaseInsensivity):
    pass


class TestUnitTestInvalidInputInTheSession(BaseUnitTestInvalidInput):
    pass


class TestUnitTestQuotedReservedWordColumnNamesInTheSession(
    BaseUnitTestQuotedReservedWordColumnNames
):
    """The base class' upstream model quotes the column the ANSI way (`"GROUP"`), a string
    literal and a syntax error in Spark SQL; Spark quotes identifiers with backticks."""

    @pytest.fixture(scope="class")
    def models(self):
        return {
            "my_model.sql": quoted_reserved_word.my_model_sql,
            "my_upstream_model.sql": "select 1 as `GROUP`",
            "unit_tests.yml": quoted_reserved_word.test_my_model_csv_fixtures_yml,
        }
