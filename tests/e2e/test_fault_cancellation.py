"""Ctrl-C and SIGTERM during a long model: the invocation's Spark jobs are cancelled within
2 seconds, dbt prints its interrupted summary (no traceback, no Java stacks of the cancelled
tasks) and exits with 130, and every target table keeps its previous version with no
`__dbt_tmp` object left behind."""

import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional

import pytest

from conftest import RunDbtSession, binary_environment, delta_versions
from projects import session_target, write_project

CANCEL_WITHIN_SECONDS = 2.0
JOB_START_TIMEOUT_SECONDS = 600

# With var `slow`, each model aggregates 10^12 generated rows: hours of work on any machine,
# so the run is still busy when the signal comes. Without it, each writes generation 1.
SLOW_ROWS = "select 2 as generation from (select sum(id % 7) as s from range(0, 1000000000000)) where s >= 0"
MODELS = {
    "slow_table.sql": "{{ config(materialized='table') }}\n",
    "slow_merge.sql": "{{ config(materialized='incremental', incremental_strategy='merge', unique_key='generation') }}\n",
}


SCHEMA = "cancellation"


@pytest.fixture(scope="module")
def slow_project(tmp_path_factory: pytest.TempPathFactory, run_dbt_session: RunDbtSession) -> Path:
    body = f"{{% if var('slow', false) %}}\n{SLOW_ROWS}\n{{% else %}}\nselect 1 as generation\n{{% endif %}}\n"
    root = write_project(tmp_path_factory.mktemp("projects") / "slow", "slow", session_target(SCHEMA, threads=2),
                         {f"models/{name}": config + body for name, config in MODELS.items()})
    first = run_dbt_session(["run", "--profiles-dir", "."], cwd=root)
    assert first.returncode == 0, first.output
    return root


def get_json(url: str) -> Optional[Any]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return json.load(response)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None  # the UI is not up yet, or already gone with its application


def model_jobs(ui: str, node: str) -> list[dict[str, Any]]:
    """The node's Spark jobs, from the Spark UI's REST API (empty once the UI is gone)."""
    applications = get_json(f"{ui}/api/v1/applications") or []
    jobs: list[dict[str, Any]] = []
    for application in applications:
        jobs += get_json(f"{ui}/api/v1/applications/{application['id']}/jobs") or []
    return [job for job in jobs if node in job.get("jobGroup", "")]


def running(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [job for job in jobs if job["status"] == "RUNNING"]


def spark_time(text: str) -> float:
    """A REST API time ("2026-11-27T05:17:28.768GMT") as a Unix timestamp."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%Z").replace(tzinfo=timezone.utc).timestamp()


class Output:
    """Drains a pipe in the background (a full pipe would block the process under test)."""

    def __init__(self, pipe: Any) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=lambda: self.lines.extend(iter(pipe.readline, "")), daemon=True)
        self.thread.start()

    @property
    def text(self) -> str:
        return "".join(self.lines)


def wait_for_ui_url(process: subprocess.Popen[str], stderr: Output) -> str:
    deadline = time.monotonic() + JOB_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        if match := re.search(r"Spark UI: (http://\S+)", stderr.text):
            return match.group(1)
        time.sleep(0.2)
    raise AssertionError("dbt-session never logged its Spark UI URL:\n" + stderr.text)


# The run embedded in the dbt-session process, and continued inside the venv's python (how it
# runs with a Python that has no shared libpython): the same watcher must cancel either way.
# SIGTERM takes the same reaction as SIGINT (host/application.cpp, interrupt_run); its delivery
# while a session runs is covered by test_fault_signals.py's `python` and `jvm-start` phases.
@pytest.mark.parametrize(("signal_number", "hosting"),
                         [(signal.SIGINT, "embedded"), (signal.SIGINT, "exec")], ids=["SIGINT", "SIGINT-exec"])
def test_a_signal_cancels_the_runs_spark_jobs_and_keeps_the_previous_tables(
    signal_number: int, hosting: str, slow_project: Path, binary: Path, storage_home: Path
) -> None:
    previous_versions = delta_versions(storage_home, SCHEMA)
    assert set(previous_versions) == {"slow_table", "slow_merge"}
    environment = {**binary_environment(storage_home), "DBT_SESSION_HOSTING": hosting}
    process = subprocess.Popen(
        [str(binary), "run", "--profiles-dir", ".", "--vars", "{slow: true}"],
        cwd=slow_project, env=environment, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    stdout, stderr = Output(process.stdout), Output(process.stderr)
    try:
        ui = wait_for_ui_url(process, stderr)
        node = "model.slow.slow_table"
        deadline = time.monotonic() + JOB_START_TIMEOUT_SECONDS
        while not (jobs := running(model_jobs(ui, node))):
            assert process.poll() is None, "the run ended before its slow job started"
            assert time.monotonic() < deadline, "the slow model's Spark job never started"
            time.sleep(0.5)
        assert jobs[0]["description"].startswith(node + ": ")
        job_ids = {job["jobId"] for job in jobs}

        process.send_signal(signal_number)
        signalled_at = time.time()
        # Polling the REST API is slow on a loaded machine: the latency is measured with
        # Spark's own record of when the job ended, not with the polling loop.
        watch_until = time.monotonic() + 120
        while running(seen := [job for job in model_jobs(ui, node) if job["jobId"] in job_ids]):
            assert time.monotonic() < watch_until, "the Spark job was not cancelled"
            time.sleep(0.1)
        if seen:
            assert {job["status"] for job in seen} == {"FAILED"}  # how Spark reports a cancelled job
            ended_at = max(spark_time(job["completionTime"]) for job in seen)
        else:  # the application and its UI are gone, so are its jobs: an upper bound
            ended_at = time.time()
        cancelled_after = ended_at - signalled_at
        assert cancelled_after < CANCEL_WITHIN_SECONDS, f"the Spark job ended {cancelled_after:.2f}s after the signal"

        process.wait(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stdout.thread.join(timeout=10)
    stderr.thread.join(timeout=10)
    output = stdout.text + stderr.text
    print(f"{signal.Signals(signal_number).name}: job cancelled {cancelled_after:.2f}s after the signal",
          file=sys.stderr)

    assert process.returncode == 130, output
    assert "Exited because of keyboard interrupt" in output
    # dbt lists every model whose statement was running, although its Spark job was cancelled
    # (and its statement failed) before dbt's main thread got to its connections.
    assert "CANCEL query model.slow.slow_table" in output
    assert "CANCEL query model.slow.slow_merge" in output
    # dbt's interrupted summary, and nothing else: no KeyboardInterrupt stack trace (dbt's
    # postflight reports one for every BaseException; dbt_session.console keeps it in dbt's log
    # file), no Java stack (Spark's driver log file keeps those; an ERROR Spark logs is one line).
    assert "Traceback" not in output
    assert "Encountered an error" not in output
    assert "Aborting task" not in output and "TaskKilled" not in output
    assert "\tat org.apache" not in output
    driver_log = Path(re.search(r"Spark's driver log: (\S+)", output).group(1))
    assert driver_log.parent == slow_project / "logs"
    assert driver_log.exists()
    # No commit reached either table: each keeps the version the first run wrote.
    assert delta_versions(storage_home, SCHEMA) == previous_versions
    leftovers = [path.name for path in storage_home.rglob("*") if "__dbt_tmp" in path.name]
    assert leftovers == []
