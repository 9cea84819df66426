"""dbt-session: dbt-databricks on one SparkSession, in one process.

The Python half: only what dbt requires to be Python (credentials, connection manager,
adapter, plugin). The Spark work is done by the C++ module ``dbt_session_native``.
"""

__version__ = "0.1.0"
