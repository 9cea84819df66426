"""The stress suite runs dbt in process (dbt_session.run) on the SparkSession of
tests/conftest.py, so the JVM stays warm across its many runs."""
