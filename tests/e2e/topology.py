"""Real Spark process topologies for the end-to-end tests: a Spark Connect server, a Spark
standalone cluster (one master, two workers), each in its own JVM process on this machine,
started from the virtualenv's pyspark (which ships their classes and launch scripts)."""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyspark

from conftest import BINARY, REPO, TEST_VENV

PYSPARK_HOME = Path(pyspark.__file__).parent
VENV_PYTHON = TEST_VENV / "bin" / "python"
START_TIMEOUT_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    return free_port()


def spark_jars() -> list[Path]:
    """Delta's jars and dbt-session's hive_metastore catalog alias for the installed Spark line
    (make jars builds the alias; this pytest runs in the test venv, so the folder is its own)."""
    from dbt_session.delta_jars import installed_folder

    jars = sorted(installed_folder().glob("*.jar"))
    if not any(jar.name == "dbt-session-catalog-alias.jar" for jar in jars):
        subprocess.run([str(REPO / "packaging" / "build_catalog_alias.sh"), str(VENV_PYTHON)], check=True)
        jars = sorted(installed_folder().glob("*.jar"))
    return jars


def spark_environment() -> dict[str, str]:
    environment = {**os.environ, "SPARK_HOME": str(PYSPARK_HOME), "PYSPARK_PYTHON": str(VENV_PYTHON)}
    environment.pop("SPARK_REMOTE", None)
    environment.pop("PYSPARK_GATEWAY_PORT", None)
    environment.pop("PYSPARK_GATEWAY_SECRET", None)
    return environment


def wait_for_port(port: int, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(1)
    raise AssertionError(f"{what} did not listen on {port} within {START_TIMEOUT_SECONDS}s:\n{log.read_text()[-4000:]}")


def start(command: Sequence[str], log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        return subprocess.Popen(
            list(command), stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=spark_environment(), start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def session_conf(storage: Path) -> list[tuple[str, str]]:
    """What a server or a notebook-like parent holds: the session dbt-session creates on a local
    master (dbt_session.local_spark.created_session), with a warehouse and metastore of its own
    under `storage`, the hive_metastore alias a Spark Connect server needs
    (packaging/connect), two partitions and no UI."""
    from dbt_session.local_spark import created_session

    spark_jars()  # builds the alias jar into the jar folder when it is missing
    return created_session(storage, "local[2]", [
        ("spark.sql.catalog.hive_metastore", "dbt_session.SessionCatalogAlias"),
        ("spark.sql.shuffle.partitions", "2"),
        ("spark.databricks.delta.snapshotPartitions", "2"),
        ("spark.ui.enabled", "false"),
    ]).conf


def connect_server_jars() -> list[str]:
    """pyspark 4.0 ships its Connect server (jars/spark-connect_*.jar); for pyspark 3.5 `make jars`
    fetches one into the line's jar folder (dbt_session.delta_jars.connect_server_folder)."""
    if any(PYSPARK_HOME.glob("jars/spark-connect_*.jar")):
        return []
    from dbt_session.delta_jars import connect_server_folder, installed_folder

    jars = [str(jar) for jar in sorted(connect_server_folder(installed_folder()).glob("spark-connect_*.jar"))]
    assert jars, "pyspark ships no Spark Connect server and `make jars` fetched none"
    return jars


@contextmanager
def spark_connect_server(storage: Path) -> Iterator[str]:
    """A Spark Connect server (local[2]) with Delta; yields its sc:// URL."""
    server_jars = connect_server_jars()
    port = free_port()
    command = [str(PYSPARK_HOME / "bin" / "spark-submit"),
               "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
               "--master", "local[2]",
               "--conf", f"spark.connect.grpc.binding.port={port}",
               "--conf", "spark.connect.grpc.binding.address=127.0.0.1"]
    for key, value in session_conf(storage):
        if key == "spark.jars":
            value = ",".join([value, *server_jars])
        command += ["--conf", f"{key}={value}"]
    storage.mkdir(parents=True, exist_ok=True)
    log = storage / "connect-server.log"
    server = start(command, log)
    try:
        wait_for_port(port, server, log, "the Spark Connect server")
        yield f"sc://127.0.0.1:{port}"
    finally:
        stop(server)


@contextmanager
def standalone_cluster(storage: Path, workers: int = 2) -> Iterator[tuple[str, str]]:
    """A Spark standalone master and `workers` workers (1 core, 1g each), each its own JVM.
    Yields the spark:// URL and the master's web UI URL."""
    storage.mkdir(parents=True, exist_ok=True)
    spark_class = str(PYSPARK_HOME / "bin" / "spark-class")
    port, ui_port = free_port(), free_port()
    log = storage / "master.log"
    processes = [start([spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                        "--port", str(port), "--webui-port", str(ui_port)], log)]
    try:
        wait_for_port(port, processes[0], log, "the standalone master")
        master = f"spark://127.0.0.1:{port}"
        for index in range(workers):
            worker_log = storage / f"worker-{index}.log"
            processes.append(start([spark_class, "org.apache.spark.deploy.worker.Worker",
                                    "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                                    "--webui-port", str(free_port()),
                                    "--work-dir", str(storage / f"work-{index}"), master], worker_log))
        wait_for_workers(f"http://127.0.0.1:{ui_port}", workers, processes)
        yield master, f"http://127.0.0.1:{ui_port}"
    finally:
        for process in reversed(processes):
            stop(process)


def wait_for_workers(ui: str, count: int, processes: list[subprocess.Popen]) -> None:
    import json
    import urllib.request

    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{ui}/json/", timeout=5) as answer:
                state = json.load(answer)
            if sum(1 for worker in state.get("workers", []) if worker.get("state") == "ALIVE") >= count:
                return
        except OSError:
            pass
        if any(process.poll() is not None for process in processes):
            raise AssertionError("a standalone master or worker exited during start-up")
        time.sleep(2)
    raise AssertionError(f"fewer than {count} workers registered within {START_TIMEOUT_SECONDS}s")


def python_executable() -> str:
    return str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable


NOTEBOOK_PARENT = Path(__file__).parent / "notebook_parent.py"


def parent_arguments() -> argparse.ArgumentParser:
    """The arguments every parent process takes (notebook_parent, fault_attach_parent): its
    session's storage, the dbt project, its schema, the binary."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--storage", type=Path, required=True)
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--binary", required=True)
    return parser


def run_parent(tmp_path: Path, project: Path, via: str, *extra: str) -> dict:
    """Runs notebook_parent.py (the parent process) on `project`, whose profile's schema is
    `attached_{via}`, and returns its findings."""
    started = time.monotonic()
    done = subprocess.run(
        [python_executable(), str(NOTEBOOK_PARENT), "--storage", str(tmp_path / "parent"), "--project", str(project),
         "--schema", f"attached_{via}", "--binary", str(BINARY), "--via", via, *extra],
        capture_output=True, text=True, timeout=1500, stdin=subprocess.DEVNULL,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("FINDINGS ")]
    assert done.returncode == 0 and lines, f"parent failed ({done.returncode}):\n{done.stdout[-6000:]}\n{done.stderr[-6000:]}"
    findings = json.loads(lines[-1][len("FINDINGS "):])
    findings["total_seconds"] = time.monotonic() - started
    print(f"attach via {via}: child build {findings['build']['seconds']:.0f}s, total {findings['total_seconds']:.0f}s")
    return findings
