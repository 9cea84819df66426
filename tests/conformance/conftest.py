"""dbt's adapter conformance suites (dbt-tests-adapter), subclassed, on a `method: session`
profile: one JVM for the suite."""

pytest_plugins = ["dbt.tests.fixtures.project", "dbt_fixtures"]
