"""End-to-end tests: the built `dbt-session` binary, run as a user runs it, on local Spark +
Delta. Every run of a session shares one warehouse and metastore (DBT_SESSION_HOME) so a
later invocation sees an earlier one's tables; Derby admits one JVM at a time, so the
tests run one binary at a time."""

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
BINARY = REPO / "build" / "dbt-session"
# The venv the binary embeds and the topologies run from: the checkout's .venv, or another
# (say pyspark 3.5 + delta-spark 3.2) named by $DBT_SESSION_TEST_VENV; run pytest with that
# venv's python so the test process imports the same pyspark.
TEST_VENV = Path(os.environ.get("DBT_SESSION_TEST_VENV") or REPO / ".venv")
EXAMPLE = REPO / "examples" / "jaffle_shop"
RUN_TIMEOUT_SECONDS = 900


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def started_spark(self) -> bool:
        return "starting Spark" in self.stderr


RunDbtSession = Callable[..., Run]


@pytest.fixture(scope="session", autouse=True)
def short_lived_jvms() -> Iterator[None]:
    """Every JVM these tests start (the binary's, Spark Connect servers, standalone masters and
    workers) lives a minute or two: HotSpot's C2 compiler spends much of that compiling Spark's
    hot paths for a run that ends before they pay off. C1 alone builds jaffle_shop about 13%
    faster on 2 cores (127 s vs 149 s). The driver JVMs also map their classes from one archive
    (class_archive.py). Test speed only: the product's JVM keeps HotSpot's defaults."""
    from class_archive import archive_options

    options = archive_options(pyspark_jars(), build_topology_project, jvms_left_after_a_run)
    with pytest.MonkeyPatch.context() as patch:
        previous = os.environ.get("JAVA_TOOL_OPTIONS", "")
        patch.setenv("JAVA_TOOL_OPTIONS", f"{previous} -XX:TieredStopAtLevel=1 {options}".strip())
        yield


def pyspark_jars() -> Path:
    """The Spark jars of the test venv's pyspark: the driver JVM's class path."""
    [jars] = TEST_VENV.glob("lib/python3*/site-packages/pyspark/jars")
    return jars


def build_topology_project(storage_home: Path, env: dict[str, str]) -> None:
    """One `build` of the topology project through the binary, in `storage_home`."""
    from projects import topology_project

    project = topology_project(storage_home.parent / "project", "class_archive")
    done = subprocess.run(
        [str(BINARY), "build", "--profiles-dir", "."], cwd=project, env=binary_environment(storage_home, env),
        capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        raise RuntimeError(f"its build exited {done.returncode}: {(done.stdout + done.stderr)[-2000:]}")


@pytest.fixture(scope="session")
def binary() -> Path:
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: run `make build` first")
    return BINARY


@pytest.fixture(scope="session")
def storage_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dbt-session-home")


def binary_environment(storage_home: Path, env: Optional[dict[str, str]] = None) -> dict[str, str]:
    """The binary's environment: the tests' storage, and no activated venv unless
    $DBT_SESSION_TEST_VENV names one (else the binary finds the checkout's .venv itself)."""
    environment = {**os.environ, "DBT_SESSION_HOME": str(storage_home), **(env or {})}
    environment.pop("VIRTUAL_ENV", None)
    if os.environ.get("DBT_SESSION_TEST_VENV"):
        environment["VIRTUAL_ENV"] = str(TEST_VENV)
    return environment


@pytest.fixture(scope="session")
def run_dbt_session(binary: Path, storage_home: Path) -> RunDbtSession:
    def run(args: Sequence[str], cwd: Path, env: Optional[dict[str, str]] = None) -> Run:
        environment = binary_environment(storage_home, env)
        done = subprocess.run(
            [str(binary), *args],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


def copy_project(source: Path, destination: Path) -> Path:
    shutil.copytree(
        source, destination, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages")
    )
    return destination


@pytest.fixture(scope="session")
def connect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One Spark Connect server (topology.spark_connect_server) for every test that needs one;
    yields its sc:// URL."""
    import time

    from topology import spark_connect_server  # topology imports this module

    started = time.monotonic()
    with spark_connect_server(tmp_path_factory.mktemp("connect-server")) as url:
        print(f"Spark Connect server up in {time.monotonic() - started:.0f}s")
        yield url


@pytest.fixture(scope="session")
def jaffle_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(EXAMPLE, tmp_path_factory.mktemp("projects") / "jaffle_shop")


def delta_versions(storage_home: Path, schema: str) -> dict[str, int]:
    """Each table's latest Delta version in `schema`, read from its _delta_log: whether a run
    committed to a table, known without a JVM (Delta writes one numbered JSON file per commit)."""
    versions: dict[str, int] = {}
    for log in (storage_home / "warehouse" / f"{schema}.db").glob("*/_delta_log"):
        commits = [int(path.stem) for path in log.glob("*.json") if path.stem.isdigit()]
        versions[log.parent.name] = max(commits)
    return versions


def jvms_left_after_a_run(storage_home: Path, seconds: float = 10.0) -> list[int]:
    """The JVMs of this storage home still up `seconds` after a run ended: a driver JVM reads
    its stdin pipe and exits once the run's process is gone, so it gets a moment."""
    import time

    deadline = time.monotonic() + seconds
    while (left := jvms_using(storage_home)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def jvms_using(storage_home: Path, also: bytes = b"") -> list[int]:
    """Java processes started for this storage home (their command line names it, and `also`)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        line = b" ".join(words)
        if words and words[0].endswith(b"java") and str(storage_home).encode() in line and also in line:
            found.append(int(cmdline.parent.name))
    return found
