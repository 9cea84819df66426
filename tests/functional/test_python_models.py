"""dbt-tests-adapter's Python model suites, run in the session (`submission_method: session`)."""

from typing import Any

import pytest
from dbt.tests.util import relation_from_name, run_dbt

from dbt.tests.adapter.python_model.test_python_model import (
    BasePythonIncrementalTests,
    BasePythonModelTests,
)


class TestPythonModelsInTheSession(BasePythonModelTests):
    pass


class TestIncrementalPythonModelsInTheSession(BasePythonIncrementalTests):
    pass


class TestIncrementalAppendPythonModelAddsRowsOnEachRun:
    """An incremental Python model with the append strategy, returning pandas-on-Spark."""

    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return {
            "appended.py": (
                "import pyspark\nimport pyspark.pandas as ps\n\n"
                "def model(dbt, session):\n"
                "    dbt.config(materialized='incremental', incremental_strategy='append')\n"
                "    # pandas-on-Spark refuses Spark 4's default ANSI mode, checked on pyspark's\n"
                "    # process-wide default session, not on the model's own session state\n"
                "    # (pyspark 3.5 has neither the default nor the option).\n"
                "    if pyspark.__version__ >= '4':\n"
                "        ps.set_option('compute.fail_on_ansi_mode', False)\n"
                "    return ps.DataFrame({'id': [1, 2, 3]})\n"
            )
        }

    def test_each_run_appends_the_models_rows(self, project: Any) -> None:
        for expected in (3, 6):
            [result] = run_dbt(["run"])
            assert result.status == "success"
            relation = relation_from_name(project.adapter, "appended")
            [[count]] = project.run_sql(f"select count(*) from {relation}", fetch="all")
            assert count == expected
