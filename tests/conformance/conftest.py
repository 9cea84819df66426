"""dbt's adapter conformance suites (dbt-tests-adapter), subclassed, on a `method: session`
profile: one JVM for the suite."""

import pytest

pytest_plugins = ["dbt.tests.fixtures.project", "dbt_fixtures"]


@pytest.fixture(autouse=True)
def dbt_through_the_session_plugin(session_plugin: None) -> None:
    """Every test here runs dbt-databricks with the session plugin installed."""
