"""Runs `dbt-session` on a Databricks driver, attached to the cluster's SparkSession.

A Databricks job task (spark_python_task, or python_wheel_task with this module's `main` as
entry point) runs in the driver's Python process, which holds the cluster's `spark`. This
launcher starts the `dbt-session` binary as a child process with the driver's py4j gateway
port and secret (PYSPARK_GATEWAY_PORT / PYSPARK_GATEWAY_SECRET), so every dbt model runs in
that same SparkSession, streams the child's output into the task's output, and ends the task
with the child's exit code (0 ok, 1 a model failed, 2 error, 130 interrupted).

    spark_python_task:  python_file: .../launcher.py
                        parameters: ["build", "--project-dir", "/Workspace/.../my_project",
                                     "--profiles-dir", "/Workspace/.../my_project"]

Host options go first, as on the command line: ["--log-level", "debug", "build", ...].
Every Spark job of the child also carries a tag this launcher chooses ($DBT_SESSION_JOB_TAG):
when the child ends, however it ends (kill -9 included), the launcher cancels that tag's jobs
in the session it owns, so none goes on in the driver after the child is gone.
The binary is $DBT_SESSION_BINARY, else `dbt-session` on PATH, else the one next to this
Python (the init script installs the base wheel into the cluster's Python environment).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional


def gateway_environment(spark: Any) -> dict[str, str]:
    """The variables that let a child process attach to `spark`'s driver JVM. A Python process
    that started its own JVM does not have them in its environment: they are read from the
    py4j gateway of the running SparkContext."""
    if not hasattr(spark, "_jsparkSession"):
        raise RuntimeError(
            "this SparkSession is a Spark Connect client (standard access mode or serverless): "
            "there is no driver JVM to attach to. Run `dbt-session --remote <sc:// URL> ...` instead."
        )
    parameters = spark.sparkContext._gateway.gateway_parameters
    environment = {"PYSPARK_GATEWAY_PORT": str(parameters.port), "PYSPARK_GATEWAY_SECRET": parameters.auth_token}
    # The child's py4j client must speak the same threading mode as the driver's gateway.
    if "PYSPARK_PIN_THREAD" in os.environ:
        environment["PYSPARK_PIN_THREAD"] = os.environ["PYSPARK_PIN_THREAD"]
    return environment


def active_session() -> Any:
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession()
    if spark is None:
        # A spark_python_task gets the cluster's session from getOrCreate(); on a driver it
        # returns the existing one and never starts a second SparkContext.
        spark = SparkSession.builder.getOrCreate()
    return spark


# The child adds this tag to every Spark job it starts (bindings/job_labels.cpp).
JOB_TAG_VARIABLE = "DBT_SESSION_JOB_TAG"
# How long jobs of a killed child are still cancelled: py4j finishes a call whose client is
# gone, so a statement the child had sent may still be analysed and start its job afterwards.
KILLED_CHILD_CANCEL_SECONDS = 60.0


def cancel_child_jobs(spark: Any, tag: str, killed: bool) -> None:
    """Cancels the Spark jobs tagged `tag`; for a killed child, again every second for
    KILLED_CHILD_CANCEL_SECONDS in a daemon thread (its last statements may start late)."""
    context = spark.sparkContext
    try:
        context.cancelJobsWithTag(tag)
    except Exception as error:  # a stopped session runs no job
        print(f"dbt-session launcher: cancelling the child's Spark jobs failed: {error}", file=sys.stderr)
        return
    if not killed:
        return  # a child that exited by itself has returned from every statement

    def keep_cancelling() -> None:
        deadline = time.monotonic() + KILLED_CHILD_CANCEL_SECONDS
        while time.monotonic() < deadline:
            time.sleep(1.0)
            try:
                context.cancelJobsWithTag(tag)
            except Exception:  # the session was stopped meanwhile: nothing left to cancel
                return

    threading.Thread(target=keep_cancelling, name="dbt-session-cancel", daemon=True).start()


def binary() -> str:
    configured = os.environ.get("DBT_SESSION_BINARY")
    # The init script installs the wheel into the cluster's Python environment, whose bin/
    # holds the task's own interpreter but need not be on PATH.
    beside_python = Path(sys.executable).parent / "dbt-session"
    found = configured or shutil.which("dbt-session")
    if not found and beside_python.is_file():
        found = str(beside_python)
    if not found:
        raise FileNotFoundError(
            "dbt-session is not installed on this driver: run the init script "
            "(packaging/databricks/init-dbt-session.sh) or set DBT_SESSION_BINARY"
        )
    return found


def run(args: Sequence[str], spark: Optional[Any] = None) -> int:
    """Runs `dbt-session <args>` attached to `spark` (default: the active session), printing
    its output as it comes; returns its exit code. `spark` keeps running."""
    spark = spark if spark is not None else active_session()
    tag = f"dbt-session-launcher-{uuid.uuid4()}"
    environment = {**os.environ, **gateway_environment(spark), JOB_TAG_VARIABLE: tag}
    # The cluster's session is the one to use: a Spark Connect URL inherited from the
    # environment must not win over it.
    environment.pop("SPARK_REMOTE", None)
    child = subprocess.Popen(
        [binary(), *args], env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, bufsize=1,
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            print(line, end="", flush=True)
        return child.wait()
    except KeyboardInterrupt:
        # A cancelled cell or task: let dbt-session stop its Spark jobs and exit (130).
        child.send_signal(signal.SIGINT)
        return child.wait()
    finally:
        if child.poll() is None:  # the launcher itself fails: its child does not outlive it
            child.kill()
            child.wait()
        cancel_child_jobs(spark, tag, killed=child.returncode < 0)


def main() -> None:
    """Entry point of a spark_python_task / python_wheel_task: sys.argv are dbt-session's."""
    code = run(sys.argv[1:])
    if code != 0:
        # Databricks marks a Python task failed when it raises or exits non-zero.
        sys.exit(code)


if __name__ == "__main__":
    main()
