"""dbt-tests-adapter's Python model suites, run in the session (`submission_method: session`)."""

from dbt.tests.adapter.python_model.test_python_model import (
    BasePythonIncrementalTests,
    BasePythonModelTests,
)


class TestPythonModelsInTheSession(BasePythonModelTests):
    pass


class TestIncrementalPythonModelsInTheSession(BasePythonIncrementalTests):
    pass
