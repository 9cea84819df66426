"""A Spark Connect server that dies while a model's job runs on it (SIGKILL, as a crashed or
restarted server): the model fails within the client's bounded retries (about 17 s,
bindings/session_state.cpp), naming the lost server, and the run ends with dbt's exit code 1
instead of waiting out pyspark's default retries (10 minutes)."""

import os
import signal
import subprocess
import time
from pathlib import Path

from conftest import binary_environment, jvms_using
from projects import session_target, write_project
from topology import spark_connect_server

ENDS_WITHIN_SECONDS = 60.0  # retries of about 17 s, under the suite's load
SLOW_MODEL = ("{{ config(materialized='table') }}\n"
              "select sum(id % 7) as s from range(0, 1000000000000000, 1, 4)")


def test_a_connect_server_lost_during_a_job_fails_the_model_naming_it_and_ends_the_run(
    binary: Path, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "project", "lost_server", session_target("lost_server"),
                            {"models/endless.sql": SLOW_MODEL})
    server_storage = tmp_path / "server"
    output = tmp_path / "run.log"
    with spark_connect_server(server_storage) as url, output.open("w") as sink:
        run = subprocess.Popen([str(binary), "--remote", url, "run", "--profiles-dir", "."], cwd=project,
                               env=binary_environment(tmp_path / "home"), stdout=sink, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, text=True)
        try:
            deadline = time.monotonic() + 300
            while "START sql table model lost_server.endless" not in output.read_text():
                assert run.poll() is None and time.monotonic() < deadline, output.read_text()
                time.sleep(0.2)
            time.sleep(3.0)  # into the model's job
            servers = jvms_using(server_storage)
            assert servers, "no Spark Connect server JVM found"
            for pid in servers:
                os.kill(pid, signal.SIGKILL)
            killed_at = time.monotonic()
            code = run.wait(timeout=ENDS_WITHIN_SECONDS * 3)
            ended_after = time.monotonic() - killed_at
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
    text = output.read_text()
    print(f"server killed: exit {code} {ended_after:.1f}s later")
    assert code == 1, text[-6000:]
    assert ended_after < ENDS_WITHIN_SECONDS, f"ended {ended_after:.1f}s after the server died"
    assert "Runtime Error in model endless (models/endless.sql)" in text, text[-6000:]
    assert "The Spark Connect server stopped answering" in text, text[-6000:]
    assert "Traceback" not in text, text[-6000:]
