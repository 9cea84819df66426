"""A parent Python process that owns a SparkSession, as a notebook or a Databricks Python task
does, and runs `dbt-session` as a child attached to it through py4j: the build, then (if asked)
`dbt debug` under a simulated Databricks runtime and a second run; then reads back, in its own
session, what the children left in hive_metastore.<schema>. Used by test_attach_gateway.py and
test_databricks_launcher.py; prints one JSON line of findings.

    python notebook_parent.py --storage DIR --project DIR --schema S --binary PATH \
        --via env|launcher [--simulate-dbr TAG] [--tables a,b] [--second JSON] [-- dbt args...]
"""

import contextlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from projects import TOPOLOGY_TABLES  # noqa: E402
from topology import parent_arguments, session_conf  # noqa: E402

from pyspark.sql import SparkSession  # noqa: E402

DBR_CONF = "spark.databricks.clusterUsageTags.sparkVersion"


def start_session(storage: Path) -> SparkSession:
    builder = SparkSession.builder.master("local[2]").appName("notebook-parent")
    for key, value in session_conf(storage):
        builder = builder.config(key, value)
    return builder.getOrCreate()


def child_environment(storage: Path) -> dict[str, str]:
    """The child's environment, without the gateway: the test venv, and a storage root (an empty
    directory the child must not create) that shows whether it made a session of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "SPARK_REMOTE")}
    if os.environ.get("DBT_SESSION_TEST_VENV"):  # the child embeds the test venv, like this parent
        env["VIRTUAL_ENV"] = os.environ["DBT_SESSION_TEST_VENV"]
    env["DBT_SESSION_HOME"] = str(storage / "child-must-not-use")
    return env


def child_via_env(spark: SparkSession, binary: str, args: list[str], project: Path, env: dict) -> dict:
    """What a parent that started its own JVM must do: pass the gateway port and secret."""
    parameters = spark.sparkContext._gateway.gateway_parameters
    environment = {**env, "PYSPARK_GATEWAY_PORT": str(parameters.port),
                   "PYSPARK_GATEWAY_SECRET": parameters.auth_token}
    started = time.monotonic()
    done = subprocess.run([binary, *args], cwd=project, env=environment, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=900)
    return {"returncode": done.returncode, "output": done.stdout + done.stderr,
            "seconds": time.monotonic() - started}


def child_via_launcher(spark: SparkSession, binary: str, args: list[str], project: Path, env: dict) -> dict:
    """The Databricks launcher's entry function, called in this process as a task would."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging" / "databricks"))
    import launcher

    os.environ.update(env)
    os.environ["DBT_SESSION_BINARY"] = binary
    os.chdir(project)
    captured = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(captured):
        returncode = launcher.run(args, spark=spark)
    return {"returncode": returncode, "output": captured.getvalue(), "seconds": time.monotonic() - started}


def read_back(spark: SparkSession, schema: str, tables: list[str]) -> dict:
    """What the parent's own session finds in `schema` after the children: each of `tables`'
    row count, and the tables and views it lists."""
    counts: dict = {}
    for name in tables:
        try:
            counts[name] = spark.table(f"{schema}.{name}").count()
        except Exception as error:  # reported, and the test names what is missing
            counts[name] = f"{type(error).__name__}: {str(error)[:200]}"
    return {"tables": counts,
            "listed_tables": sorted(row[1] for row in spark.sql(f"show tables in {schema}").collect()),
            "listed_views": sorted(row[1] for row in spark.sql(f"show views in {schema}").collect())}


def main() -> None:
    parser = parent_arguments()
    parser.add_argument("--via", choices=["env", "launcher"], required=True)
    parser.add_argument("--simulate-dbr", help="a Databricks runtime tag to set before `dbt debug`")
    parser.add_argument("--tables", default=",".join(TOPOLOGY_TABLES),
                        help="tables of --schema the parent counts after the children's runs")
    parser.add_argument("--second", help="a JSON list: the arguments of a second child run")
    parser.add_argument("dbt_args", nargs="*")
    options = parser.parse_args()

    spark = start_session(options.storage)
    run_child = child_via_env if options.via == "env" else child_via_launcher
    env = child_environment(options.storage)
    findings: dict = {"build": run_child(spark, options.binary, options.dbt_args, options.project, env)}

    findings["parent_alive"] = (not spark.sparkContext._jsc.sc().isStopped()) and spark.range(7).count() == 7
    findings["child_storage_created"] = (options.storage / "child-must-not-use").exists()

    if options.simulate_dbr:
        spark.conf.set(DBR_CONF, options.simulate_dbr)
        findings["debug"] = run_child(spark, options.binary, ["debug", "--profiles-dir", "."], options.project, env)
        spark.conf.unset(DBR_CONF)
        findings["parent_alive_after_debug"] = spark.range(3).count() == 3
    if options.second:
        findings["second"] = run_child(spark, options.binary, json.loads(options.second), options.project, env)
        findings["parent_alive_after_second"] = spark.range(3).count() == 3
    findings.update(read_back(spark, f"hive_metastore.{options.schema}", options.tables.split(",")))
    print("FINDINGS " + json.dumps(findings), flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
