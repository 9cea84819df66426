"""A local SparkSession configured like the one `dbt-session` creates (host/spark_settings.cpp):
Delta Lake, `hive_metastore` as the session catalog, a persistent Hive metastore and warehouse
under one directory. For Python processes that run dbt in-process on local Spark
(`dbt_session.run(..., spark=spark)` in a script or notebook), the test suites and the
benchmarks; the host builds its own settings in C++.
"""

import os
import sys
from pathlib import Path
from typing import Any

from dbt_session.delta_jars import installed_folder

DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension"
DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog"


def delta_jars() -> list[Path]:
    """The cached jars for the installed pyspark and delta-spark (dbt_session.spark_line); an
    error naming the folder unless Delta's own jar is among them (as the host checks: a folder
    holding only delta-storage, say after an interrupted download, would start Spark and fail
    later on Delta's missing classes)."""
    folder = installed_folder()
    jars = sorted(folder.glob("*.jar"))
    if not any(jar.name.startswith("delta-spark") for jar in jars):
        raise RuntimeError(f"Delta jars for the installed delta-spark are not in {folder}: run `make jars`")
    return jars


def session_builder(root: Path, master: str = "local[2]", app_name: str = "dbt-session", partitions: int = 2) -> Any:
    """A SparkSession.Builder with the host's settings and its storage under `root`; callers add
    their own `.config(...)` (UI, listeners) before `getOrCreate()`."""
    from pyspark.sql import SparkSession

    # Spark's Python workers must be this interpreter, and pandas-on-Spark (imported by
    # dbt-databricks' Python-model tail) asks for this with pyarrow >= 2.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    return (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.jars", ",".join(str(jar) for jar in delta_jars()))
        .config("spark.sql.extensions", DELTA_EXTENSION)
        .config("spark.sql.catalog.spark_catalog", DELTA_CATALOG)
        # dbt-databricks' default catalog, resolved to the session catalog (bindings/catalog_alias.hpp).
        .config("spark.sql.catalog.hive_metastore", DELTA_CATALOG)
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", str(root / "warehouse"))
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                f"jdbc:derby:;databaseName={root / 'metastore_db'};create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={root}")
        # Like the host on a local master: Spark's 200 shuffle partitions and Delta's 50
        # snapshot partitions are mostly empty tasks on one machine.
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.databricks.delta.snapshotPartitions", str(partitions))
        .config("spark.ui.showConsoleProgress", "false")
    )
