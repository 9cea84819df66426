"""The local SparkSession the Python-level suites share (tests/python, tests/functional):
one per pytest run, configured like the host's (host/spark_settings.cpp) and handed to the
C++ bindings. Tests that need no Spark never start the JVM: only the `spark` fixture does.
"""

import os
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension"
DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog"


def _jar_cache() -> Path:
    # Same search order as host/spark_settings.cpp (default_jar_cache).
    if os.environ.get("DBT_SESSION_JAR_CACHE"):
        return Path(os.environ["DBT_SESSION_JAR_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "dbt-session" / "jars"
    return Path.home() / ".cache" / "dbt-session" / "jars"


def _delta_jars() -> list[Path]:
    delta_version = version("delta-spark")
    jars = sorted((_jar_cache() / f"delta-{delta_version}").glob("*.jar"))
    if not jars:
        pytest.fail(
            f"Delta jars for delta-spark {delta_version} are not cached in {_jar_cache()}: "
            f"run `make jars`",
            pytrace=False,
        )
    return jars


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The root SparkSession, also registered with dbt_session_native.use_session."""
    from pyspark.sql import SparkSession

    import dbt_session_native

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # What pandas-on-Spark asks for with pyarrow >= 2 (dbt-databricks' Python tail imports it).
    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    root = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("dbt-session-pytest")
        .config("spark.jars", ",".join(str(jar) for jar in _delta_jars()))
        .config("spark.sql.extensions", DELTA_EXTENSION)
        .config("spark.sql.catalog.spark_catalog", DELTA_CATALOG)
        .config("spark.sql.catalog.hive_metastore", DELTA_CATALOG)
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", str(root / "warehouse"))
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={root / 'metastore_db'};create=true",
        )
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={root}")
        .config("spark.sql.shuffle.partitions", "2")
        # Like the host on a local master: Delta rebuilds table state with 50 tasks by default.
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    dbt_session_native.use_session(session)
    try:
        yield session
    finally:
        dbt_session_native.release_session()
        session.stop()


def pytest_configure(config: pytest.Config) -> None:
    # dbt-databricks' pydantic v1-style models warn on import; not ours to fix.
    config.addinivalue_line(
        "filterwarnings", r"ignore::DeprecationWarning:dbt\.adapters\.databricks\..*"
    )
    # dbt-tests-adapter's base classes declare class-scoped fixtures as methods; theirs to fix.
    config.addinivalue_line(
        "filterwarnings", "ignore:Class-scoped fixtures defined as instance methods are deprecated"
    )
