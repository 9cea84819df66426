"""The Spark lines dbt-session runs on, and which one the installed pyspark and delta-spark make:
the one definition the host, the jar cache (`make jars`), the tests and the benchmarks use.

A line is a Spark major.minor with the Delta Lake release series built for it. Delta's Scala
half is not in the pip package: it comes from Maven Central, built for one Scala line, into a
cache folder of its own per Delta version and Scala line (`delta-3.2.0_2.12/`), which also
holds the `hive_metastore` catalog alias jar compiled against that Spark (packaging/connect).
"""

import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Optional

# What an error says is supported, and the runtimes that ship each Spark.
SUPPORTED = (
    "Spark 3.5 (pyspark 3.5.x with delta-spark 3.x; Databricks Runtime 15.4 and 16.4 LTS) "
    "or Spark 4.0 (pyspark 4.0.x with delta-spark 4.0.x; Databricks Runtime 17.3 LTS)"
)
OLDEST = (3, 5)  # positional `?` parameters in spark.sql(text, args=[...]) and job tags: 3.5.0


class UnsupportedSpark(RuntimeError):
    """A Spark or Delta version dbt-session does not run on; the message says what does."""


@dataclass(frozen=True)
class SparkLine:
    spark: str  # major.minor: "3.5"
    scala: str  # Scala line of the Delta jars on Maven Central for this Spark
    delta_prefix: str  # delta-spark versions built for this Spark start with it
    java_release: str  # the oldest JDK this Spark runs on: classes compiled for it load anywhere
    pyspark_has_connect_server: bool  # pip's pyspark 4.0 ships jars/spark-connect_*.jar; 3.5's not

    def jar_folder(self, delta_version: str) -> str:
        """The cache folder of one Delta version on this line: `delta-3.2.0_2.12`."""
        return f"delta-{delta_version}_{self.scala}"

    def artifact_paths(self, delta_version: str) -> list[str]:
        """Maven paths of the jars Spark loads: delta-spark_<scala> and delta-storage (delta-spark
        3.x and 4.0.x publish these two names; 4.1 and later add the Spark line to the name)."""
        artifact = f"delta-spark_{self.scala}"
        return [
            f"io/delta/{artifact}/{delta_version}/{artifact}-{delta_version}.jar",
            f"io/delta/delta-storage/{delta_version}/delta-storage-{delta_version}.jar",
        ]

    def connect_server_paths(self, spark_version: str) -> list[str]:
        """Maven paths of a Spark Connect server for a local one (the tests start one), when
        pyspark lacks it."""
        if self.pyspark_has_connect_server:
            return []
        artifact = f"spark-connect_{self.scala}"
        return [f"org/apache/spark/{artifact}/{spark_version}/{artifact}-{spark_version}.jar"]


LINES = (
    SparkLine("3.5", "2.12", "3.", "8", pyspark_has_connect_server=False),
    SparkLine("4.0", "2.13", "4.0.", "17", pyspark_has_connect_server=True),
)


def _major_minor(spark_version: str) -> tuple[int, int]:
    parts = spark_version.split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        raise UnsupportedSpark(f"cannot read a Spark version from '{spark_version}'") from None


def require_supported(spark_version: str, found_in: str) -> None:
    """UnsupportedSpark for a Spark older than 3.5, naming `found_in` (where the version was
    read) and what dbt-session supports."""
    if _major_minor(spark_version) >= OLDEST:
        return
    raise UnsupportedSpark(
        f"{found_in} is Spark {spark_version}, and dbt-session needs Spark 3.5 or newer: it binds "
        f"SQL values with spark.sql(text, args=[...]) and labels jobs with Spark job tags, both "
        f"new in Spark 3.5.0. Supported: {SUPPORTED}. Install one of those pairs in the "
        f"virtualenv ({sys.prefix}), or run on one of those runtimes."
    )


def line_of(spark_version: str, found_in: str) -> SparkLine:
    """The line of a Spark version; UnsupportedSpark when dbt-session knows no Delta jars for it."""
    require_supported(spark_version, found_in)
    major_minor = "%d.%d" % _major_minor(spark_version)
    for line in LINES:
        if line.spark == major_minor:
            return line
    raise UnsupportedSpark(
        f"{found_in} is Spark {spark_version}, for which dbt-session knows no Delta Lake jars. "
        f"Supported: {SUPPORTED}."
    )


def installed_version(distribution: str) -> Optional[str]:
    """The version pip installed, or for pyspark the importable one's: a Databricks runtime puts
    its own pyspark on the path without pip metadata (unverified here: the runtime images of
    tests/images install pyspark with pip)."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        pass
    if distribution != "pyspark":
        return None
    try:
        from pyspark.version import __version__ as importable
    except ImportError:
        return None
    return str(importable)


def installed_pyspark() -> str:
    """The installed pyspark's version; UnsupportedSpark when it is missing or older than 3.5."""
    found = installed_version("pyspark")
    if found is None:
        raise UnsupportedSpark(f"pyspark is not installed in the virtualenv ({sys.prefix}). Install {SUPPORTED}.")
    require_supported(found, f"the virtualenv's pyspark ({sys.prefix})")
    return found


def require_installed_supported() -> None:
    """The host's first check: UnsupportedSpark for an installed pyspark older than 3.5. A
    missing pyspark passes here: a `method: session` target says what to install when dbt reads
    the profile (credentials.py), and other targets do not need it."""
    found = installed_version("pyspark")
    if found is not None:
        require_supported(found, f"the virtualenv's pyspark ({sys.prefix})")


def installed_line() -> tuple[SparkLine, str]:
    """The installed pyspark's line and the installed delta-spark's version, checked to belong
    to that line (delta-spark pins its pyspark, but a pip install --no-deps does not)."""
    pyspark = installed_pyspark()
    line = line_of(pyspark, f"the virtualenv's pyspark ({sys.prefix})")
    delta = installed_version("delta-spark")
    if delta is None or not delta.startswith(line.delta_prefix):
        raise UnsupportedSpark(
            f"the virtualenv ({sys.prefix}) has pyspark {pyspark} and "
            f"{'no delta-spark' if delta is None else 'delta-spark ' + delta}: Delta Lake for "
            f"Spark {line.spark} is delta-spark {line.delta_prefix}x. Supported: {SUPPORTED}."
        )
    return line, delta


def jar_folder() -> str:
    """The jar cache folder for the installed pyspark and delta-spark: `delta-4.0.0_2.13`."""
    line, delta = installed_line()
    return line.jar_folder(delta)


def describe() -> str:
    """One line for `dbt-session --version`: the Spark line in use, or why there is none."""
    try:
        line, delta = installed_line()
    except UnsupportedSpark as error:
        return f"Spark line: none ({error})"
    return f"Spark line: {line.spark} (Scala {line.scala}, delta-spark {delta}, jars {line.jar_folder(delta)})"
