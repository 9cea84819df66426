"""dbt-session: dbt-databricks on one SparkSession, in one process.

The Python half: only what dbt requires to be Python (credentials, connection manager,
adapter, plugin). The Spark work is done by the C++ module ``dbt_session_native``.
"""

__version__ = "0.1.0"


def run(args, spark):  # type: ignore[no-untyped-def]
    """dbt_session.in_process.run, imported on first use so `import dbt_session` stays light."""
    from dbt_session.in_process import run as run_in_process

    return run_in_process(args, spark)
