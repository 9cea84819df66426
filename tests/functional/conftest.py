"""dbt's adapter conformance suite (dbt-tests-adapter) against a `method: session` profile on
local Spark + Delta. dbt runs in this pytest process (dbt.tests.util.run_dbt), with the
session plugin installed and the shared SparkSession (tests/conftest.py) handed to the
bindings: one JVM for the whole suite."""

from collections.abc import Iterator
from typing import Any

import pytest

pytest_plugins = ["dbt.tests.fixtures.project"]


@pytest.fixture(scope="session", autouse=True)
def session_plugin(spark: Any) -> Iterator[None]:
    from dbt_session import plugin

    plugin.install()
    yield


@pytest.fixture(scope="class")
def dbt_profile_target() -> dict[str, Any]:
    # dbt's project fixture adds `schema` (the test's unique schema) to this target.
    return {"type": "databricks", "method": "session", "threads": 1}
