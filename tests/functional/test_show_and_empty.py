"""dbt-tests-adapter's `dbt show` and `--empty` suites on the `method: session` profile,
local Spark + Delta; `dbt show` of a Python model."""

import pytest
from dbt.tests.util import run_dbt
from dbt_common.exceptions import DbtRuntimeError

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

PYTHON_MODEL = '''"""A docstring Spark's parser stops at."""


def model(dbt, session):
    return session.range(3)
'''


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


class TestShowOfAPythonModelInTheSession:
    """dbt-core's show sends a node's compiled code as a query, a Python model's too."""

    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return {"three_ids.py": PYTHON_MODEL}

    def test_show_of_a_python_model_fails_with_the_way_out_instead_of_quoting_its_code(
        self, project
    ) -> None:
        with pytest.raises(DbtRuntimeError) as failure:
            run_dbt(["show", "--select", "three_ids"])
        message = str(failure.value)
        assert "[PARSE_SYNTAX_ERROR]" in message
        assert "This is a Python model's code, which dbt sent to Spark as a SQL query" in message
        assert "show --inline" in message
        assert "def model" not in message and "class dbtObj" not in message
