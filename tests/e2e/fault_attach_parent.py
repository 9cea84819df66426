"""A parent that owns a plain local SparkSession with Delta and no `hive_metastore` catalog (a
notebook kernel's, a script's), running `dbt-session` children through the Databricks launcher.
Used by test_fault_attach.py; prints one JSON line of findings.

    python fault_attach_parent.py --storage DIR --project DIR --schema S --binary PATH
"""

import contextlib
import io
import json
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging" / "databricks"))
import launcher  # noqa: E402
from topology import parent_arguments, session_conf  # noqa: E402

from pyspark.sql import SparkSession  # noqa: E402

ALIAS_JAR = "dbt-session-catalog-alias.jar"
ENDLESS_TASKS = 7  # test_fault_attach.py's `endless` model: range(0, 10^15, 1, 7)


def plain_session(storage: Path) -> SparkSession:
    """Delta, but neither the hive_metastore conf nor dbt-session's alias jar."""
    builder = SparkSession.builder.master("local[2]").appName("plain-parent")
    for key, value in session_conf(storage):
        if key == "spark.sql.catalog.hive_metastore":
            continue
        if key == "spark.jars":
            value = ",".join(jar for jar in value.split(",") if not jar.endswith(ALIAS_JAR))
        builder = builder.config(key, value)
    return builder.getOrCreate()


class ConnectionRecorder:
    """Stands in for a workspace's host: counts the TCP connections it is offered."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()


def run_child(spark: SparkSession, args: list[str]) -> dict:
    captured = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(captured):
        returncode = launcher.run(args, spark=spark)
    return {"returncode": returncode, "output": captured.getvalue(), "seconds": time.monotonic() - started}


def dbt_session_children() -> list[int]:
    """This process's children but the JVM pyspark started (spark-submit execs java)."""
    pids = []
    for task in Path("/proc/self/task").iterdir():
        pids += [int(pid) for pid in (task / "children").read_text().split()]
    return [pid for pid in pids if Path(f"/proc/{pid}/comm").read_text().strip() != "java"]


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def endless_stage_runs(tracker) -> bool:
    """The endless model's stage runs: its range has ENDLESS_TASKS partitions, no other does."""
    for stage in tracker.getActiveStageIds():
        info = tracker.getStageInfo(stage)
        if info is not None and info.numTasks == ENDLESS_TASKS and info.numActiveTasks > 0:
            return True
    return False


def killed_child_findings(spark: SparkSession, args: list[str]) -> dict:
    """Runs a child whose model's Spark job runs for hours, kills it with SIGKILL once that job
    runs, and times how long the job outlives it in the parent's JVM."""
    tracker = spark.sparkContext.statusTracker()
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(run_child(spark, args)))
    thread.start()
    findings: dict = {"job_started": wait_for(lambda: endless_stage_runs(tracker), 600)}
    if findings["job_started"]:
        jobs = list(tracker.getActiveJobsIds())
        killed_pids = dbt_session_children()
        for pid in killed_pids:
            os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        findings["killed_pids"] = killed_pids
        findings["jobs_ended"] = wait_for(lambda: not tracker.getActiveJobsIds(), 30)
        findings["seconds_to_cancel"] = time.monotonic() - killed
        findings["job_status"] = [str(tracker.getJobInfo(job).status) for job in jobs]
        if not findings["jobs_ended"]:
            # Left running, it holds every core of local[2] for hours: end it so the findings
            # are reported (and the test fails) now.
            spark.sparkContext.cancelAllJobs()
    thread.join(timeout=120)
    findings["child"] = result
    return findings


def main() -> None:
    parser = parent_arguments()
    options = parser.parse_args()

    spark = plain_session(options.storage)
    workspace = ConnectionRecorder()
    for key in ("VIRTUAL_ENV", "SPARK_REMOTE"):
        os.environ.pop(key, None)
    if os.environ.get("DBT_SESSION_TEST_VENV"):  # the child embeds the test venv, like this parent
        os.environ["VIRTUAL_ENV"] = os.environ["DBT_SESSION_TEST_VENV"]
    os.environ.update({"DBT_SESSION_HOME": str(options.storage / "child-must-not-use"),
                       "DBT_SESSION_BINARY": options.binary, "FAULT_SCHEMA": options.schema,
                       "PROBE_HOST": f"127.0.0.1:{workspace.port}"})
    os.chdir(options.project)

    findings: dict = {"run": run_child(spark, ["run", "--select", "first", "second", "--profiles-dir", "."])}
    try:
        findings["second_rows"] = spark.table(f"spark_catalog.{options.schema}.second").count()
    except Exception as error:
        findings["second_rows"] = f"{type(error).__name__}: {str(error)[:300]}"
    findings["debug"] = run_child(spark, ["debug", "--profiles-dir", ".", "--target", "with_host"])
    findings["probe_connections"] = workspace.connections
    findings["killed"] = killed_child_findings(spark, ["run", "--select", "endless", "--profiles-dir", "."])
    findings["parent_alive"] = spark.range(5).count() == 5
    print("FINDINGS " + json.dumps(findings), flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
