"""dbt-tests-adapter's `dbt show` and `--empty` suites on the `method: session` profile,
local Spark + Delta."""

import pytest
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


def _dbt_seed_has_empty_flag() -> bool:
    from dbt.cli.main import seed

    return "empty" in [param.name for param in seed.params]


@pytest.mark.skipif(
    not _dbt_seed_has_empty_flag(),
    reason="Not a Spark or Databricks limit: `dbt seed --empty` is missing from the installed "
    "dbt-core (1.11.x, what dbt-databricks 1.12.4 resolves to); dbt-tests-adapter 1.20.0 targets "
    "a newer dbt-core. Runs as is once dbt-core has the flag",
)
class TestSeedEmptyInTheSession(BaseTestEmptySeedFlag):
    pass


class TestPythonModelRunEmptyInTheSession(BasePythonEmptyTests):
    pass
