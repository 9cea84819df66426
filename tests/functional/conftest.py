"""The session's own features through dbt's functional-test framework: one JVM for the suite."""

pytest_plugins = ["dbt.tests.fixtures.project", "dbt_fixtures"]
