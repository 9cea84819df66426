"""dbt-tests-adapter's `dbt show` and `--empty` suites on the `method: session` profile,
local Spark + Delta."""

from dbt.tests.adapter.dbt_show.test_dbt_show import (
    BaseShowDoesNotHandleDoubleLimit,
    BaseShowLimit,
    BaseShowSqlHeader,
)
from dbt.tests.adapter.empty.test_empty import (
    BaseTestEmpty,
    BaseTestEmptyInlineSourceRef,
    BaseTestEmptySeedFlag,
)
from dbt.tests.adapter.python_model.test_python_model import BasePythonEmptyTests


class TestShowLimitInTheSession(BaseShowLimit):
    pass


class TestShowSqlHeaderInTheSession(BaseShowSqlHeader):
    pass


class TestShowDoubleLimitIsASyntaxErrorInTheSession(BaseShowDoesNotHandleDoubleLimit):
    DATABASE_ERROR_MESSAGE = "PARSE_SYNTAX_ERROR"


class TestRunEmptyInTheSession(BaseTestEmpty):
    pass


class TestRunEmptyInlineSourceRefInTheSession(BaseTestEmptyInlineSourceRef):
    pass


class TestSeedEmptyInTheSession(BaseTestEmptySeedFlag):
    pass


class TestPythonModelRunEmptyInTheSession(BasePythonEmptyTests):
    pass
