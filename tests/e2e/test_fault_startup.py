"""Start-up faults of a created session: each ends with one short message naming the cause and
the fix, and exit code 2 (dbt's code for a run that could not start), never Spark's or pyspark's
stacks. Most fail before any JVM starts; the one test that starts Spark covers the faults that need a
running driver (a second run on its home, a killed run) and paths with a space and ';'."""

import fcntl
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import RUN_TIMEOUT_SECONDS, Run, RunDbtSession, binary_environment
from projects import session_target, write_project

SHORT = 30  # lines: one message, with dbt's own few lines around it when dbt had started
SPARK_START_TIMEOUT_SECONDS = 300


def startup_project(root: Path, *, python_model: bool = False) -> Path:
    files = {"models/one.sql": "select 1 as id"}
    if python_model:  # long enough to look at the driver's sockets while it runs
        files["models/pause.py"] = (
            "import time\n\n\ndef model(dbt, session):\n    time.sleep(15)\n    return session.sql('select 1 as id')\n"
        )
    return write_project(root, "startup", session_target("startup"), files)


def broken_java_home(root: Path) -> Path:
    """A JAVA_HOME whose java fails at once, as spark-submit's first java command."""
    java = root / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\necho 'Error: this java cannot start (test)' >&2\nexit 1\n")
    java.chmod(0o755)
    return root


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return startup_project(tmp_path / "project")


def assert_refused(run: Run, *phrases: str) -> None:
    assert run.returncode == 2, run.output
    for phrase in phrases:
        assert phrase in run.output, run.output
    assert len(run.output.splitlines()) < SHORT, run.output
    assert "Traceback" not in run.output
    assert not run.started_spark


def test_an_invalid_spark_conf_value_fails_the_run_with_sparks_reason_in_a_few_lines(
    run_dbt_session: RunDbtSession, project: Path
):
    # Spark checks a SQL conf's value when it builds the session state, at the first statement.
    run = run_dbt_session(["--conf", "spark.sql.shuffle.partitions=0", "run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert "'0' in spark.sql.shuffle.partitions is invalid" in run.output, run.output
    assert len(run.output.splitlines()) < SHORT, run.output
    assert "JVM stacktrace" not in run.output and "\tat " not in run.output, run.output


def test_an_unknown_master_scheme_is_refused_before_dbt_starts(run_dbt_session: RunDbtSession, project: Path):
    run = run_dbt_session(["--master", "sparkk://h:7077", "run", "--profiles-dir", "."], cwd=project)
    assert_refused(run, "--master 'sparkk://h:7077' is not a Spark master", "local[N]", "spark://host:port")
    assert "Running with dbt" not in run.output


@pytest.mark.parametrize("java", ["no java on PATH", "a JAVA_HOME without java"])
def test_missing_java_is_refused_before_dbt_starts(run_dbt_session: RunDbtSession, project: Path, tmp_path: Path,
                                                    java: str):
    if java == "no java on PATH":
        env, phrase = {"JAVA_HOME": "", "PATH": str(tmp_path)}, "no java on PATH and JAVA_HOME is not set"
    else:
        env, phrase = {"JAVA_HOME": str(tmp_path / "jdk")}, f"JAVA_HOME is {tmp_path / 'jdk'}, which has no bin/java"
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project, env=env)
    assert_refused(run, phrase, "openjdk-17-jre-headless")
    assert "Running with dbt" not in run.output


def test_a_jvm_that_dies_at_start_shows_spark_submits_error_not_a_traceback(
    run_dbt_session: RunDbtSession, project: Path, tmp_path: Path
):
    java_home = broken_java_home(tmp_path / "broken-jdk")
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project, env={"JAVA_HOME": str(java_home)})
    assert run.returncode == 2, run.output
    assert "Error: this java cannot start (test)" in run.output
    assert "Spark's driver JVM (spark-submit, master local[*]) exited while starting" in run.output
    assert "JAVA_GATEWAY_EXITED" not in run.output and "Traceback" not in run.output
    assert len(run.output.splitlines()) < SHORT, run.output


def test_a_read_only_home_is_refused_naming_it(binary: Path, project: Path, tmp_path: Path):
    # Root writes through permission bits: the home is a read-only bind mount, made in a user
    # and mount namespace of the run's own (unshare), so nothing outside the test sees it.
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -rm (user and mount namespaces) is not permitted here: no read-only mount to test with")
    home = tmp_path / "read-only home"
    (home / "warehouse").mkdir(parents=True)
    environment = binary_environment(home)
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", 'mount --bind -o ro "$1" "$1" && shift && exec "$@"', "sh",
         str(home), str(binary), "run", "--profiles-dir", "."],
        cwd=project, env=environment, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS,
        stdin=subprocess.DEVNULL,
    )
    run = Run(done.returncode, done.stdout, done.stderr)
    assert_refused(run, f"the dbt-session home {home} is not writable", "Read-only file system",
                   "--warehouse DIR or DBT_SESSION_HOME=DIR")


def listening_addresses(pid: int) -> list[str]:
    """The local addresses (hex, as in /proc/net/tcp*) of the TCP sockets `pid` listens on."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    addresses = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                addresses.append(fields[1])
    return addresses


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def is_free(lock_file: Path) -> bool:
    if not lock_file.exists():
        return True
    with open(lock_file, "r+b") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        fcntl.lockf(handle, fcntl.LOCK_UN)
        return True


def test_paths_with_space_and_semicolon_work_one_run_per_home_driver_on_loopback_kill_9_frees_it(
    binary: Path, storage_home: Path, tmp_path: Path
):
    """One JVM for seven facts: a run starts Spark while dbt parses; it writes its tables with a
    storage home ($HOME) and jar cache named with a space and ';'; a second run meanwhile is
    refused; the driver listens on no wildcard address; after the first is killed with SIGKILL,
    the next run claims the home at once and clears its scratch (its broken Java then stops it
    right after the claim, without a JVM)."""
    from dbt_session.delta_jars import installed_folder
    from dbt_session.spark_line import jar_folder

    project = startup_project(tmp_path / "project", python_model=True)
    # $HOME holds the default storage home; the jar cache is named with the same characters
    # (its Delta folder linked to the real cache's, so nothing is downloaded).
    home = tmp_path / "user home;v2"
    jar_cache = tmp_path / "jar cache;v2"
    jar_cache.mkdir()
    (jar_cache / jar_folder()).symlink_to(installed_folder())
    environment = binary_environment(storage_home, {"HOME": str(home), "DBT_SESSION_JAR_CACHE": str(jar_cache)})
    for variable in ("DBT_SESSION_HOME", "XDG_DATA_HOME", "SPARK_LOCAL_IP"):
        environment.pop(variable, None)
    storage = home / ".local" / "share" / "dbt-session"

    def run(env: dict[str, str]) -> Run:
        done = subprocess.run([str(binary), "run", "--profiles-dir", "."], cwd=project, env=env,
                              capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS,
                              stdin=subprocess.DEVNULL)
        return Run(done.returncode, done.stdout, done.stderr)

    log = tmp_path / "first.log"
    with open(log, "w") as output:
        first = subprocess.Popen([str(binary), "run", "--profiles-dir", "."], cwd=project, env=environment,
                                 stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    jvms: list[int] = []
    try:
        deadline = time.monotonic() + SPARK_START_TIMEOUT_SECONDS
        while "START python table model" not in log.read_text():
            assert first.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the first run's Python model never started"
            time.sleep(0.5)

        assert_refused(run(environment),
                       f"the dbt-session home {storage} is in use by another dbt-session run (pid {first.pid})",
                       "--warehouse DIR or DBT_SESSION_HOME=DIR")

        jvms = [pid for pid in descendants(first.pid) if Path(f"/proc/{pid}/comm").read_text().strip() == "java"]
        assert jvms, "no driver JVM under the first run"
        addresses = [address for pid in jvms for address in listening_addresses(pid)]
        assert addresses, "the driver listens on nothing"
        wildcard = [address for address in addresses if set(address.split(":")[0]) == {"0"}]
        assert wildcard == [], f"the driver listens on every interface: {addresses}"

        first.kill()
        first.wait()
        # What a driver killed with SIGKILL leaves in the home's scratch (its JVM here sees
        # stdin close and removes its own: tests/e2e/test_fault_signals.py kills one).
        left = storage / "spark-scratch" / "spark-left-by-a-killed-driver" / "userFiles-1"
        left.mkdir(parents=True)
        (left / "model.py").write_text("print('stale')\n")
        after_kill = run({**environment, "JAVA_HOME": str(broken_java_home(tmp_path / "broken-jdk"))})
        assert after_kill.returncode == 2, after_kill.output
        assert "in use" not in after_kill.output
        assert "exited while starting" in after_kill.output  # past the claim, at the JVM's start
        assert list((storage / "spark-scratch").iterdir()) == []  # the claim cleared the scratch
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
        for pid in jvms:  # they end once their parent's pipe closes; never leave one behind
            deadline = time.monotonic() + 30
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            if Path(f"/proc/{pid}").exists():
                os.kill(pid, 9)
    text = log.read_text()
    assert "OK created sql view model startup.one" in text, text
    # `run` always queries: Spark starts while dbt parses the project (one stream, in order).
    assert text.index("starting Spark (master") < text.index("Found 2 models"), text
    assert "Spark UI: http://127.0.0.1:" in text
    assert "Using Spark's default log4j profile" not in text  # the quoted log4j2 path was read
    assert (storage / "metastore_db" / "service.properties").exists()  # Derby's, where it belongs
    assert (storage / "warehouse" / "startup.db").is_dir()
    assert (storage / "hive-resources").is_dir()  # not a /tmp/<session id>_resources per run
    assert not (project / "metastore_db").exists() and not (project / "derby.log").exists()
    # Nothing a run held stays held once it is gone.
    assert is_free(storage / "dbt-session.lock")
    assert is_free(storage / "metastore_db" / "dbex.lck")


def test_a_signal_while_the_session_is_reached_ends_the_run_with_130_and_one_line(
    binary: Path, project: Path, tmp_path: Path
) -> None:
    # Before the run's signal watcher exists (here: attaching to a gateway that never answers,
    # pyspark waiting for py4j's handshake), a signal ends the process at once; before, the
    # interrupt read as a refused secret (exit 2), and SIGTERM killed the process silently.
    output = tmp_path / "run.log"
    with socket.socket() as silent, output.open("w") as sink:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        environment = binary_environment(tmp_path / "home", {
            "PYSPARK_GATEWAY_PORT": str(silent.getsockname()[1]), "PYSPARK_GATEWAY_SECRET": "x"})
        process = subprocess.Popen([str(binary), "run", "--profiles-dir", "."], cwd=project, env=environment,
                                   stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while "session: attach to the running Spark driver JVM" not in output.read_text():
                assert process.poll() is None and time.monotonic() < deadline, output.read_text()
                time.sleep(0.05)
            time.sleep(1.0)  # into the handshake
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    text = output.read_text()
    assert code == 130, text
    assert "dbt-session: interrupted before the run started" in text, text
    assert "did not accept" not in text and "Traceback" not in text, text


@pytest.mark.parametrize("hosting", ["embedded", "exec"])
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_python_starts_ends_the_run_with_130_and_one_line(
    hosting: str, number: int, binary: Path, project: Path, tmp_path: Path
) -> None:
    # Python's own start (here a slow sitecustomize, as site-packages on a network file system
    # can be) comes before any handler of the host's; with exec hosting it runs in a new
    # process image. Before, SIGINT there was a KeyboardInterrupt that `site` reported and
    # skipped (the run went on), and SIGTERM killed the process without a word.
    started = tmp_path / "site-started"
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(5)\n")
    environment = {**binary_environment(tmp_path / "home"), "DBT_SESSION_HOSTING": hosting, "PYTHONPATH": str(site)}
    process = subprocess.Popen([str(binary), "parse", "--profiles-dir", "."], cwd=project, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()[0]
            time.sleep(0.02)
        process.send_signal(number)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, output
    assert output.strip().splitlines()[-1] == "dbt-session: interrupted before the run started", output
    assert "Running with dbt" not in output and "sitecustomize" not in output, output
