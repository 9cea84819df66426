"""Bad input to session acquisition: an address that does not answer fails fast (well under
Spark's own retry times, JVM start included), with exit code 2 and an error naming what was
tried."""

import time
from pathlib import Path

import pytest

from conftest import RunDbtSession
from projects import session_target, write_project
from topology import closed_port

BOUND_SECONDS = 30


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", "choice", session_target("choice"), {"models/one.sql": "select 1 as id"})


def timed(run_dbt_session: RunDbtSession, args: list[str], project: Path, env=None):
    started = time.monotonic()
    run = run_dbt_session(args, cwd=project, env=env)
    elapsed = time.monotonic() - started
    print(f"{args[:2]}: exit {run.returncode} in {elapsed:.1f}s")
    return run, elapsed


def test_an_unreachable_remote_fails_fast_naming_the_server(run_dbt_session: RunDbtSession, project: Path):
    url = f"sc://127.0.0.1:{closed_port()}"
    run, elapsed = timed(run_dbt_session, ["--remote", url, "run", "--profiles-dir", "."], project)
    assert run.returncode == 2, run.output
    assert elapsed < BOUND_SECONDS
    assert f"the Spark Connect server {url} at 127.0.0.1:" in run.output
    assert "is not reachable" in run.output


def test_spark_remote_from_the_environment_is_used_and_checked(run_dbt_session: RunDbtSession, project: Path):
    url = f"sc://127.0.0.1:{closed_port()}"
    run, elapsed = timed(run_dbt_session, ["run", "--profiles-dir", "."], project, env={"SPARK_REMOTE": url})
    assert run.returncode == 2, run.output
    assert elapsed < BOUND_SECONDS
    assert "(SPARK_REMOTE is set)" in run.output
    assert f"the Spark Connect server {url}" in run.output


def test_a_closed_standalone_master_fails_fast_naming_it(run_dbt_session: RunDbtSession, project: Path):
    master = f"spark://127.0.0.1:{closed_port()}"
    run, elapsed = timed(run_dbt_session, ["--master", master, "run", "--profiles-dir", "."], project)
    assert run.returncode == 2, run.output
    assert elapsed < BOUND_SECONDS
    assert f"--master {master}: the Spark standalone master at 127.0.0.1:" in run.output
    assert not run.started_spark


def test_a_gateway_with_the_wrong_secret_fails_fast_naming_the_port(run_dbt_session: RunDbtSession, project: Path):
    # A py4j gateway of a real JVM (pyspark's own launcher), asked with a wrong secret.
    from pyspark.java_gateway import launch_gateway

    gateway = launch_gateway()
    try:
        port = gateway.gateway_parameters.port
        run, elapsed = timed(run_dbt_session, ["run", "--profiles-dir", "."], project,
                             env={"PYSPARK_GATEWAY_PORT": str(port), "PYSPARK_GATEWAY_SECRET": "not-the-secret"})
        assert run.returncode == 2, run.output
        assert elapsed < BOUND_SECONDS
        assert f"the py4j gateway at 127.0.0.1:{port} (PYSPARK_GATEWAY_PORT) did not accept PYSPARK_GATEWAY_SECRET" in run.output
        # The JVM's gateway still serves its rightful owner.
        assert gateway.jvm.java.lang.Math.max(2, 3) == 3
    finally:
        gateway.shutdown()
        if gateway.proc is not None:
            gateway.proc.stdin.close()
            gateway.proc.wait(timeout=60)


def test_a_gateway_port_nobody_listens_on_fails_fast(run_dbt_session: RunDbtSession, project: Path):
    port = closed_port()
    run, elapsed = timed(run_dbt_session, ["run", "--profiles-dir", "."], project,
                         env={"PYSPARK_GATEWAY_PORT": str(port), "PYSPARK_GATEWAY_SECRET": "x"})
    assert run.returncode == 2, run.output
    assert elapsed < BOUND_SECONDS
    assert f"the Spark driver's py4j gateway (PYSPARK_GATEWAY_PORT) at 127.0.0.1:{port} is not reachable" in run.output


def test_remote_and_master_together_are_refused(run_dbt_session: RunDbtSession, project: Path):
    run, _ = timed(run_dbt_session, ["--remote", "sc://127.0.0.1:1", "--master", "local[1]", "run"], project)
    assert run.returncode == 2, run.output
    assert "contradict each other" in run.output
