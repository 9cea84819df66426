"""A local SparkSession configured as `dbt-session` creates one: the conf comes from the host's
own definition (host/spark_settings.cpp, through dbt_session_native.created_session), so
Python processes that run dbt in-process on local Spark (`dbt_session.run(..., spark=spark)` in
a script or notebook), the test suites and the benchmarks run the session users get.
"""

import os
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

from dbt_session.delta_jars import installed_folder
from dbt_session.native import native


def delta_jars() -> list[Path]:
    """The cached jars for the installed pyspark and delta-spark (dbt_session.spark_line), checked
    as the host checks them: a RuntimeError naming the folder unless Delta's own jar is there."""
    return [Path(jar) for jar in native.delta_jars(str(installed_folder()))]


def created_session(root: Path, master: str, conf: Sequence[tuple[str, str]] = ()) -> Any:
    """The host's settings (master, conf, spark_local_ip) for storage under `root` with the
    installed line's jars; `conf` is applied after the host's, as `--conf` is. Prepares the
    files the driver's Java options name (the log4j2 file; the scratch folder, cleared of what a
    killed driver left), as the host does."""
    jars = [str(jar) for jar in delta_jars()]
    settings = native.created_session(
        str(root), master, jars, list(conf), os.environ.get("SPARK_LOCAL_IP"))
    native.prepare_storage_root(str(root))
    return settings


def session_builder(root: Path, master: str = "local[2]", app_name: str = "dbt-session", partitions: int = 2) -> Any:
    """A SparkSession.Builder with the host's settings and its storage under `root`, then this
    caller's app name and partition counts; callers add their own `.config(...)` (UI,
    listeners) before `getOrCreate()`, which sets SPARK_LOCAL_IP for the driver JVM when the
    host would."""
    from pyspark.sql import SparkSession

    class Builder(SparkSession.Builder):
        spark_local_ip: Optional[str] = None

        def getOrCreate(self) -> SparkSession:
            if self.spark_local_ip is None or "SPARK_LOCAL_IP" in os.environ:
                return super().getOrCreate()
            # For the JVM pyspark launches now (it passes os.environ on), not for later
            # subprocesses. (The host sets it for its whole run instead: its session starts
            # beside dbt's parse, which reads os.environ meanwhile.)
            os.environ["SPARK_LOCAL_IP"] = self.spark_local_ip
            try:
                return super().getOrCreate()
            finally:
                os.environ.pop("SPARK_LOCAL_IP", None)

    # Spark's Python workers must be this interpreter, and pandas-on-Spark (imported by
    # dbt-databricks' Python-model tail) asks for this with pyarrow >= 2.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    settings = created_session(root, master, [
        ("spark.app.name", app_name),
        ("spark.sql.shuffle.partitions", str(partitions)),
        ("spark.databricks.delta.snapshotPartitions", str(partitions)),
    ])
    builder = Builder()
    builder.spark_local_ip = settings.spark_local_ip
    builder.master(settings.master)  # Builder's setters change the builder and return it
    for key, value in settings.conf:
        builder.config(key, value)
    return builder
