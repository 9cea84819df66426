"""What dbt's functional-test framework (dbt.tests.fixtures.project) needs to run a project
on a `method: session` profile: the session plugin installed, and the profile target. dbt runs
in the pytest process (dbt.tests.util.run_dbt) on the suite's one SparkSession
(tests/conftest.py), handed to the bindings. Loaded by tests/functional and tests/conformance
as a pytest plugin; their conftests use `session_plugin` for every test of their folder (a
plugin's autouse fixture would reach tests/python too when `make test` runs them in the same
process)."""

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def session_plugin(spark: Any) -> Iterator[None]:
    from dbt_session import plugin

    plugin.install()
    yield


@pytest.fixture(scope="class")
def dbt_profile_target() -> dict[str, Any]:
    # dbt's project fixture adds `schema` (the test's unique schema) to this target.
    return {"type": "databricks", "method": "session", "threads": 1}
