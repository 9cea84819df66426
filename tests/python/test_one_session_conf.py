"""The created session's configuration has one definition, host/spark_settings.cpp: the host,
dbt_session.local_spark (scripts, the suites, the benchmarks) and the test topologies build
their sessions from it through dbt_session_native.created_session. These tests fail when a
second definition appears, or when the Python session differs from the host's."""

import re
from pathlib import Path
from typing import Any

import dbt_session_native

from dbt_session import local_spark

REPO = Path(__file__).resolve().parents[2]
SCANNED = ("adapter_py", "tests", "bench", "docs/tools")
# Keys only a definition of the created session sets.
DEFINING_KEYS = (
    "spark.sql.extensions",
    "spark.sql.catalog.spark_catalog",
    "spark.sql.catalog.hive_metastore",
    "spark.sql.catalogImplementation",
    "spark.sql.warehouse.dir",
    "javax.jdo.option.ConnectionURL",
    "derby.system.home",
)
# file -> (keys it may name, why).
ALLOWED = {
    "tests/cpp/test_spark_settings.cpp": (DEFINING_KEYS, "the doctests of the definition itself"),
    "tests/e2e/topology.py": (
        ("spark.sql.catalog.hive_metastore",),
        "an override: a Spark Connect server needs the alias class of packaging/connect",
    ),
    "tests/e2e/fault_attach_parent.py": (
        ("spark.sql.catalog.hive_metastore",),
        "a removal, not a definition: the plain parent is the product's conf without the alias",
    ),
    "tests/images/parent_driver.py": (
        DEFINING_KEYS,
        "stands in for a Databricks driver's own session (one dbt-session attaches to, never "
        "creates), inside a runtime image",
    ),
    "tests/python/test_one_session_conf.py": (DEFINING_KEYS, "this guard"),
    "tests/cpp/test_catalog_alias.cpp": (
        ("spark.sql.catalog.spark_catalog",),
        "a message text, not a definition: the key inside an error message is left as written",
    ),
}


def second_definitions(repo: Path) -> list[str]:
    """`file: key` for each defining key named in the scanned folders outside ALLOWED."""
    pattern = re.compile("|".join(re.escape(key) for key in DEFINING_KEYS))
    found = []
    for folder in SCANNED:
        for path in sorted((repo / folder).rglob("*")):
            if not path.is_file() or path.suffix not in (".py", ".cpp", ".hpp", ".sh", ".yml", ".toml"):
                continue
            relative = str(path.relative_to(repo))
            allowed = set(ALLOWED.get(relative, ((), ""))[0])
            keys = {match.group(0) for match in pattern.finditer(path.read_text(errors="replace"))}
            found += [f"{relative}: {key}" for key in sorted(keys - allowed)]
    return found


def test_no_second_definition_of_the_created_session_conf() -> None:
    found = second_definitions(REPO)
    assert found == [], (
        "the created session's conf is defined in host/spark_settings.cpp only: build it with "
        "dbt_session.local_spark.created_session (overrides as its conf argument), or add the "
        f"file to ALLOWED with the reason: {found}"
    )


def test_a_copied_definition_is_found(tmp_path: Path) -> None:
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "start.py").write_text(
        'builder.config("spark.sql.catalog.hive_metastore", DELTA_CATALOG)\n'
        'builder.config("spark.hadoop.javax.jdo.option.ConnectionURL", url)\n')
    (tmp_path / "tests" / "e2e").mkdir(parents=True)
    (tmp_path / "tests" / "e2e" / "topology.py").write_text('("spark.sql.catalog.hive_metastore", x)\n')

    assert second_definitions(tmp_path) == [
        "bench/start.py: javax.jdo.option.ConnectionURL",
        "bench/start.py: spark.sql.catalog.hive_metastore",
    ]


def test_session_builder_applies_the_host_conf_then_the_callers(tmp_path: Path) -> None:
    builder: Any = local_spark.session_builder(tmp_path, master="local[2]", app_name="app", partitions=3)
    jars = [str(jar) for jar in local_spark.delta_jars()]
    host = dbt_session_native.created_session(str(tmp_path), "local[2]", jars)
    expected = dict(host.conf)
    expected.update({"spark.app.name": "app", "spark.sql.shuffle.partitions": "3",
                     "spark.databricks.delta.snapshotPartitions": "3"})
    # pyspark keeps a builder's settings in _options (SparkSession.Builder.config).
    assert builder._options == {"spark.master": "local[2]", **expected}
    assert builder.spark_local_ip == host.spark_local_ip == "127.0.0.1"
    assert (tmp_path / "log4j2.properties").is_file()
    assert (tmp_path / "spark-scratch").is_dir()  # the driver's java.io.tmpdir must exist


def test_the_binding_gives_the_hosts_settings(tmp_path: Path) -> None:
    host = dbt_session_native.created_session(str(tmp_path / "a b;c"), "spark://m:7077", ["/j/x.jar"],
                                              [("spark.app.name", "mine")])
    conf = dict(host.conf)
    assert host.master == "spark://m:7077"
    assert host.spark_local_ip is None  # not a local master
    assert conf["spark.app.name"] == "mine"  # the caller's conf comes last
    assert conf["spark.jars"] == "/j/x.jar"
    assert conf["spark.hadoop.javax.jdo.option.ConnectionURL"] == "jdbc:derby:metastore_db;create=true"
    assert f"'-Dderby.system.home={tmp_path / 'a b;c'}'" in conf["spark.driver.defaultJavaOptions"]
    assert "spark.sql.shuffle.partitions" not in conf


def test_the_shared_session_runs_with_the_host_conf(spark: Any) -> None:
    root = Path(spark.conf.get("spark.sql.warehouse.dir").removeprefix("file:")).parent
    jars = [str(jar) for jar in local_spark.delta_jars()]
    expected = dict(dbt_session_native.created_session(str(root), "local[2]", jars).conf)
    running = dict(spark.sparkContext.getConf().getAll())
    # Spark qualifies the warehouse path into a URI when it starts (SharedState).
    running["spark.sql.warehouse.dir"] = running["spark.sql.warehouse.dir"].removeprefix("file:")
    differing = {key: (value, running.get(key)) for key, value in expected.items() if running.get(key) != value}
    # tests/conftest.py's own: its app name and two partitions.
    assert differing == {
        "spark.app.name": ("dbt-session", "dbt-session-pytest"),
        "spark.sql.shuffle.partitions": ("4", "2"),
        "spark.databricks.delta.snapshotPartitions": ("4", "2"),
    }
    # The driver JVM got the host's Java options (Derby's home is the storage root).
    jvm = spark.sparkContext._jvm
    assert jvm.java.lang.System.getProperty("derby.system.home") == str(root)
    # Its scratch is the root's spark-scratch/, and Spark's local directories (shuffle files, pyspark's
    # files) are in it: a killed driver leaves them there, not in /tmp.
    assert jvm.java.lang.System.getProperty("java.io.tmpdir") == str(root / "spark-scratch")
    from pyspark import SparkFiles

    assert Path(SparkFiles.getRootDirectory()).parents[1] == root / "spark-scratch"  # spark-*/userFiles-*
