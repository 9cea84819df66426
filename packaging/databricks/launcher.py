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
The binary is $DBT_SESSION_BINARY, else `dbt-session` on PATH, else the one next to this
Python (the init script installs the base wheel into the cluster's Python environment).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
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
    environment = {**os.environ, **gateway_environment(spark)}
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


def main() -> None:
    """Entry point of a spark_python_task / python_wheel_task: sys.argv are dbt-session's."""
    code = run(sys.argv[1:])
    if code != 0:
        # Databricks marks a Python task failed when it raises or exits non-zero.
        sys.exit(code)


if __name__ == "__main__":
    main()
