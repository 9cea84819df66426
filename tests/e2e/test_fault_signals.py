"""SIGINT and SIGTERM at each phase of a run: while the JVM starts, while dbt parses, while a
statement is still being planned (no Spark job yet), while a Python model runs pure Python,
while a seed loads, and a second signal during a running job. Each run ends with 130 within
5 seconds of the first signal (1 second of the second, also when the driver does not answer
the first signal's cancel), leaves every table at its previous Delta version, and leaves no
JVM behind; so does a SIGTERM to the whole process group (which the driver JVM, in a group of
its own, does not get), and a SIGTERM as dbt's modules load, with SIGINT ignored from the start
as in a shell's background job. Also: a Python model that leaves a non-daemon thread running
does not keep the process alive; the run ends with dbt's exit code and names it; and a driver
JVM killed during a job fails its model, named, the next model says so in one line, and the
run ends with 1.

One small project; each phase is one run selected by `--vars {phase: ...}`. The test
project's tables get their first version in the module fixture's run."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

import pytest

from conftest import RunDbtSession, binary_environment, delta_versions, jvms_left_after_a_run, jvms_using
from projects import session_target, write_project

EXIT_WITHIN_SECONDS = 5.0
STOP_NOW_WITHIN_SECONDS = 1.0
PHASE_TIMEOUT_SECONDS = 600
SCHEMA = "signals"

HUGE = "range(0, 1000000000000)"
# Spark's optimizer folds constant expressions while it plans, before any job starts: hashing a
# 15 MB string keeps a fresh JVM busy for a few seconds (a wide union's planning time varies
# tenfold with the JVM's warm-up). The job after it would run for hours. Spark cannot stop a
# statement's planning: the run ends once it is planned and its job is cancelled.
PLAN_HEAVY = "sha2(repeat('x', 15000000), 256) is not null"
PLANNING_WITHIN_SECONDS = 30.0
MODELS = {
    "slow_table.sql": "{{ config(materialized='table') }}\n"
    "{% if var('phase', '') == 'job' %}\n"
    f"select 2 as generation from (select sum(id % 7) as s from {HUGE}) where s >= 0\n"
    "{% else %}\nselect 1 as generation\n{% endif %}\n",
    # Runs after slow_table when both are selected with one thread (dbt orders a level by name).
    "trailing_table.sql": "{{ config(materialized='table') }}\nselect 1 as generation\n",
    "plan_heavy.sql": "{{ config(materialized='table') }}\n"
    "{% if var('phase', '') == 'analysis' %}\n"
    f"select 2 as generation from (select sum(id % 7) as s from {HUGE}) where s >= 0 and {PLAN_HEAVY}\n"
    "{% else %}\nselect 1 as generation\n{% endif %}\n",
    "pure_python.py": (
        "def model(dbt, session):\n"
        "    if dbt.config.get('phase') == 'python':\n"
        "        print('pure python loop starts')\n"
        "        spins = 0\n"
        "        while True:\n"
        "            spins += 1\n"
        "    if dbt.config.get('phase') == 'sleep':\n"
        "        import time\n"
        "        print('pure python sleep starts')\n"
        "        time.sleep(600)  # one call in C: the KeyboardInterrupt waits for its end\n"
        "    return session.createDataFrame([(1,)], 'generation int')\n"
    ),
    "pure_python.yml": (
        "models:\n  - name: pure_python\n    config:\n      phase: \"{{ var('phase', '') }}\"\n"
        "  - name: lingering\n    config:\n      marker: \"{{ var('marker', '') }}\"\n"
    ),
    # A non-daemon thread that keeps using the model's globals after model() has returned
    # (explicitly non-daemon: a thread inherits the daemon flag of dbt's worker thread).
    "lingering.py": (
        "import os, threading, time\n"
        "from pathlib import Path\n"
        "GREETING = 'still here'\n\n"
        "def keep_writing(marker):\n"
        "    beats = 0\n"
        "    while True:\n"
        "        beats += 1\n"
        "        # Replaced whole: the process may end between a truncation and its write.\n"
        "        Path(marker + '.next').write_text(f'{GREETING} {beats}')\n"
        "        os.replace(marker + '.next', marker)\n"
        "        time.sleep(0.2)\n\n"
        "def model(dbt, session):\n"
        "    marker = dbt.config.get('marker')\n"
        "    if marker:\n"
        "        threading.Thread(target=keep_writing, args=(marker,), name='heartbeat', daemon=False).start()\n"
        "    return session.createDataFrame([(1,)], 'generation int')\n"
    ),
}
SEED_ROWS = 300_000


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = ["id,name,amount"] + [f"{i},name {i},{i * 0.5}" for i in range(SEED_ROWS)]
    files = {**{f"models/{name}": text for name, text in MODELS.items()}, "seeds/big_seed.csv": "\n".join(lines) + "\n"}
    return write_project(tmp_path_factory.mktemp("projects") / "signals", "signals", session_target(SCHEMA, threads=2), files)


@pytest.fixture(scope="module")
def first_versions(project: Path, run_dbt_session: RunDbtSession, storage_home: Path) -> dict[str, int]:
    """Builds every table once (their previous versions for the interrupted runs), with the
    lingering model's thread started: the run must still end at once with dbt's exit code."""
    marker = project / "heartbeat.txt"
    started = time.monotonic()
    run = run_dbt_session(["build", "--profiles-dir", ".", "--vars", f"{{marker: '{marker}'}}"], cwd=project)
    print(f"first build: {time.monotonic() - started:.1f}s", file=sys.stderr)
    assert run.returncode == 0, run.output
    assert "Completed successfully" in run.output
    assert re.search(r"Python model model\.signals\.lingering \(thread 'heartbeat'\) started a non-daemon thread",
                     run.output), run.output
    # The thread ran on after model() returned, with the model's globals (no NameError).
    assert marker.read_text().startswith("still here ")
    assert "NameError" not in run.output
    assert jvms_using(storage_home) == []
    versions = delta_versions(storage_home, SCHEMA)
    assert set(versions) >= {"slow_table", "plan_heavy", "pure_python", "lingering", "big_seed"}
    return versions


def describe_process(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return f"{pid} (gone)"
    state, parent = stat[stat.rindex(")") + 2:].split()[:2]
    return f"{pid} state {state} parent {parent}: {command[:200]}...{command[-200:]}"


def kill_quietly(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Output:
    """Drains a pipe in the background; lines are kept with the time they arrived."""

    def __init__(self, pipe: Any) -> None:
        self.lines: list[tuple[float, str]] = []
        self.thread = threading.Thread(target=self.drain, args=(pipe,), daemon=True)
        self.thread.start()

    def drain(self, pipe: Any) -> None:
        for line in iter(pipe.readline, ""):
            self.lines.append((time.monotonic(), line))

    @property
    def text(self) -> str:
        return "".join(line for _, line in self.lines)

    def arrival(self, pattern: str) -> Optional[float]:
        return next((at for at, line in self.lines if re.search(pattern, line)), None)


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def interrupt_run(binary: Path, project: Path, storage_home: Path, args: list[str],
                  ready: Callable[[str], bool], signals: list[int], hosting: str = "embedded",
                  between: float = 0.0, to_group: bool = False,
                  sigint_ignored: bool = False) -> tuple[int, float, float, Output]:
    """Starts the binary, sends `signals` once `ready(output)` holds (`between` seconds apart),
    to the binary or, `to_group`, to its whole process group (as `timeout` or a job
    scheduler's stop does); returns the exit code, seconds from the first and from the
    last signal to the exit, and the output. `sigint_ignored` starts the binary with SIGINT
    ignored, as a shell starts a background job (`dbt-session build &` in a script)."""
    environment = {**binary_environment(storage_home), "DBT_SESSION_HOSTING": hosting}
    process = subprocess.Popen([str(binary), *args, "--profiles-dir", "."], cwd=project, env=environment,
                               text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=to_group,
                               preexec_fn=ignore_sigint if sigint_ignored else None)
    output = Output(process.stdout)
    try:
        deadline = time.monotonic() + PHASE_TIMEOUT_SECONDS
        while not ready(output.text):
            assert process.poll() is None, "the run ended before its phase:\n" + output.text
            assert time.monotonic() < deadline, "the phase never came:\n" + output.text
            time.sleep(0.05)
        first = last = time.monotonic()
        for index, number in enumerate(signals):
            if index:
                time.sleep(between)
            if to_group:
                os.killpg(process.pid, number)
            else:
                process.send_signal(number)
            last = time.monotonic()
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            raise AssertionError("the run did not end after the signal:\n" + output.text) from None
        ended = time.monotonic()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output.thread.join(timeout=10)
    output.ended = ended  # type: ignore[attr-defined]
    return process.returncode, ended - first, ended - last, output


def assert_ended_cleanly(storage_home: Path, versions: dict[str, int], output: str) -> None:
    left = jvms_left_after_a_run(storage_home)
    if left:
        # Described, then ended: the next cases must not fail on this one's JVM.
        described = [describe_process(pid) for pid in left]
        for pid in left:
            kill_quietly(pid)
        raise AssertionError(f"a JVM outlived the run: {described}\n{output}")
    assert delta_versions(storage_home, SCHEMA) == versions
    leftovers = [path.name for path in storage_home.rglob("*") if "__dbt_tmp" in path.name]
    assert leftovers == []
    assert "terminate called" not in output
    assert "Traceback" not in output, output
    assert "Aborting task" not in output


def started(pattern: str) -> Callable[[str], bool]:
    return lambda text: re.search(pattern, text) is not None


# A Python model's print() reaches the console with --debug as "<unique id>: <text>", after the
# compiled code dbt logs before running it (which holds the same text).
PHASES = {
    # pyspark is launching the JVM (spark-submit); the session is not ready yet.
    "jvm-start": (["run", "--select", "slow_table"], started(r"starting Spark \(master"), signal.SIGTERM),
    # dbt is loading the project, before any connection or JVM.
    "parse": (["parse", "--no-partial-parse"], started(r"Running with dbt="), signal.SIGINT),
    # The statement has been sent; Spark is still planning it, so no job exists to cancel.
    "analysis": (["run", "--select", "plan_heavy", "--vars", "{phase: analysis}", "--debug"],
                 started(r"create or replace table .*plan_heavy"), signal.SIGINT),
    "python": (["run", "--select", "pure_python", "--vars", "{phase: python}", "--debug"],
               started(r"pure_python: pure python loop starts"), signal.SIGTERM),
    "seed": (["seed", "--full-refresh"], started(r"START seed file"), signal.SIGINT),
}


@pytest.mark.parametrize("phase", list(PHASES))
def test_a_signal_at_each_phase_ends_the_run_with_130_promptly_and_keeps_the_tables(
    phase: str, project: Path, binary: Path, storage_home: Path, first_versions: dict[str, int]
) -> None:
    args, ready, number = PHASES[phase]
    code, after_signal, _, run = interrupt_run(binary, project, storage_home, args, ready, [number])
    output = run.text
    print(f"{phase}: exit {code} {after_signal:.2f}s after {signal.Signals(number).name}", file=sys.stderr)
    assert code == 130, output
    if phase == "analysis":
        # The job Spark started once planning ended was cancelled (a lost cancel let it run for
        # hours), by the host's cancel of the invocation's tag or by dbt's cancel_open, which
        # cancels the in-flight node's job group; the run ended within the bound of that.
        returned = run.arrival(r"SPARK_JOB_CANCELLED.*cancelled job (tags|group) dbt-session-")
        assert returned is not None, output
        print(f"analysis: statement cancelled, exit {run.ended - returned:.2f}s later", file=sys.stderr)
        assert run.ended - returned <= EXIT_WITHIN_SECONDS
        assert after_signal <= PLANNING_WITHIN_SECONDS
    else:
        assert after_signal <= EXIT_WITHIN_SECONDS, f"{phase}: ended {after_signal:.2f}s after the signal"
    assert_ended_cleanly(storage_home, first_versions, output)


@pytest.mark.parametrize("delay", [0.0, 2.0])
def test_a_signal_while_the_driver_jvm_starts_the_session_ends_that_jvm(
    delay: float, project: Path, binary: Path, storage_home: Path, first_versions: dict[str, int]
) -> None:
    # Later than the jvm-start phase: the driver JVM runs (pyspark waits for its gateway, or
    # creates the SparkContext through it, on Python's main thread: dbt opens its "master"
    # connection there, in GraphRunnableTask.execute_with_hooks).
    driver_seen: list[float] = []

    def driver_started_a_while_ago(_output: str) -> bool:
        if not driver_seen and jvms_using(storage_home, b"org.apache.spark.deploy.SparkSubmit"):
            driver_seen.append(time.monotonic())
        return bool(driver_seen) and time.monotonic() - driver_seen[0] >= delay

    code, after_signal, _, run = interrupt_run(
        binary, project, storage_home, ["run", "--select", "slow_table"], driver_started_a_while_ago,
        [signal.SIGTERM])
    output = run.text
    print(f"driver JVM up {delay}s: exit {code} {after_signal:.2f}s after SIGTERM", file=sys.stderr)
    assert code == 130, output
    assert after_signal <= EXIT_WITHIN_SECONDS, f"ended {after_signal:.2f}s after the signal"
    assert "Spark's driver JVM (spark-submit" not in output, "an interrupted start blamed Java"
    assert_ended_cleanly(storage_home, first_versions, output)


SECOND_SIGNAL_CASES = {
    # dbt is cancelling the model's Spark job.
    "embedded, a Spark job": ("embedded", ["run", "--select", "slow_table", "--vars", "{phase: job}", "--debug"],
                              r"create or replace table .*slow_table", 0.2),
    # A Python model is inside time.sleep, which its KeyboardInterrupt cannot cut short: the first
    # signal's handling says so, naming the model, before the second signal comes.
    "exec, a Python model in a C call": ("exec", ["run", "--select", "pure_python", "--vars", "{phase: sleep}",
                                                  "--debug"], r"pure_python: pure python sleep starts", 5.0),
}


@pytest.mark.parametrize("case", list(SECOND_SIGNAL_CASES))
def test_a_second_signal_stops_at_once_with_130(
    case: str, project: Path, binary: Path, storage_home: Path, first_versions: dict[str, int]
) -> None:
    # The second signal comes while the first is still being handled.
    hosting, args, ready, between = SECOND_SIGNAL_CASES[case]
    code, _, after_second, run = interrupt_run(
        binary, project, storage_home, args, started(ready), [signal.SIGINT, signal.SIGINT], hosting=hosting,
        between=between)
    output = run.text
    print(f"second signal ({case}): exit {code} {after_second:.2f}s after it", file=sys.stderr)
    assert code == 130, output
    assert after_second <= STOP_NOW_WITHIN_SECONDS, f"ended {after_second:.2f}s after the second signal"
    assert "stopping now" in output
    if "Python model" in case:
        explained = run.arrival(r"waiting for the Python code of model\.signals\.pure_python to return")
        assert explained is not None and explained < run.arrival(r"interrupted again: stopping now"), output
    # dbt's named semaphores are released before the end: no resource-tracker warning.
    assert "leaked semaphore" not in output, output
    assert_ended_cleanly(storage_home, first_versions, output)


def test_a_driver_that_does_not_answer_the_cancel_is_named_and_a_second_signal_still_stops_at_once(
    project: Path, binary: Path, storage_home: Path, first_versions: dict[str, int]
) -> None:
    # The driver JVM is stopped (SIGSTOP) while the model's job runs: the first signal's cancel
    # gets no answer. The host says so after 5 s; the second signal ends the run and the JVM.
    stopped: list[int] = []

    def stop_the_driver_once_the_job_runs(text: str) -> bool:
        if not stopped and re.search(r"create or replace table .*slow_table", text):
            time.sleep(1.0)  # into the job
            stopped.extend(jvms_using(storage_home))
            for pid in stopped:
                os.kill(pid, signal.SIGSTOP)
        return bool(stopped)

    try:
        code, _, after_second, run = interrupt_run(
            binary, project, storage_home, ["run", "--select", "slow_table", "--vars", "{phase: job}", "--debug"],
            stop_the_driver_once_the_job_runs, [signal.SIGINT, signal.SIGINT], between=8.0)
    finally:
        left_stopped = [pid for pid in stopped if pid in jvms_left_after_a_run(storage_home)]
        for pid in left_stopped:  # a stopped JVM never ends by itself
            kill_quietly(pid)
    output = run.text
    assert left_stopped == [], f"the stopped driver JVM outlived the run\n{output}"
    print(f"unanswered cancel: exit {code} {after_second:.2f}s after the second signal", file=sys.stderr)
    assert stopped, output
    assert code == 130, output
    assert after_second <= STOP_NOW_WITHIN_SECONDS, f"ended {after_second:.2f}s after the second signal"
    said = run.arrival(r"Spark's driver has not answered the cancel for 5 s")
    assert said is not None and said < run.arrival(r"interrupted again: stopping now"), output
    assert_ended_cleanly(storage_home, first_versions, output)  # the stopped JVM too


@pytest.mark.parametrize("hosting", ["embedded", "exec"])
def test_a_sigterm_as_dbt_loads_ends_the_run_at_once_also_when_sigint_was_ignored_at_start(
    hosting: str, project: Path, binary: Path, storage_home: Path
) -> None:
    # The signal comes as soon as the host handles signals: dbt's modules are loading, and no
    # Python code has raised KeyboardInterrupt in this process yet.
    code, after_signal, _, run = interrupt_run(
        binary, project, storage_home, ["--log-level", "debug", "build"],
        started(r"SIGINT and SIGTERM now interrupt the run"), [signal.SIGTERM], hosting=hosting,
        sigint_ignored=True)
    output = run.text
    print(f"while dbt loads ({hosting}): exit {code} {after_signal:.2f}s after SIGTERM", file=sys.stderr)
    assert code == 130, output
    assert after_signal <= EXIT_WITHIN_SECONDS, f"ended {after_signal:.2f}s after the signal"
    assert "Running with dbt=" not in output, "dbt ran on after the signal"
    assert "starting Spark" not in output and jvms_using(storage_home) == []
    assert "Traceback" not in output and "Encountered an error" not in output, output


def test_a_sigterm_to_the_whole_process_group_ends_the_run_with_130_without_a_trace(
    project: Path, binary: Path, storage_home: Path, first_versions: dict[str, int]
) -> None:
    # As `timeout` or a scheduler's stop sends it. The driver JVM runs in a process group of its
    # own, so the signal reaches dbt-session alone, which stops the JVM in order.
    args, python_loops, _ = PHASES["python"]
    jvm_groups: dict[int, int] = {}

    def python_loops_and_the_jvm_is_up(text: str) -> bool:
        if not python_loops(text):
            return False
        jvm_groups.update({pid: os.getpgid(pid) for pid in jvms_using(storage_home)})
        return True

    code, after_signal, _, run = interrupt_run(binary, project, storage_home, args, python_loops_and_the_jvm_is_up,
                                               [signal.SIGTERM], to_group=True)
    output = run.text
    assert jvm_groups and all(pid == group for pid, group in jvm_groups.items()), jvm_groups
    print(f"process group: exit {code} {after_signal:.2f}s after SIGTERM", file=sys.stderr)
    assert code == 130, output
    assert after_signal <= EXIT_WITHIN_SECONDS, f"ended {after_signal:.2f}s after the signal"
    assert "Exited because of keyboard interrupt" in output
    assert "Encountered an error" not in output and "Exception while sending command" not in output, output
    assert "leaked semaphore" not in output, output
    assert_ended_cleanly(storage_home, first_versions, output)


def test_a_driver_jvm_killed_during_a_job_fails_the_model_naming_the_lost_driver(
    project: Path, binary: Path, storage_home: Path, first_versions: dict[str, int]
) -> None:
    # What the kernel's OOM killer does to a driver: SIGKILL, to the JVM alone.
    killed: list[int] = []

    def kill_the_driver_once_the_statement_runs(text: str) -> bool:
        if not killed and "START sql table model signals.slow_table" in text:
            time.sleep(2.0)  # into its statements
            killed.extend(jvms_using(storage_home))
            for pid in killed:
                kill_quietly(pid)
        return False if not killed else True

    environment = binary_environment(storage_home)
    started_at = time.monotonic()
    process = subprocess.Popen([str(binary), "run", "--select", "slow_table", "trailing_table", "--threads", "1",
                                "--vars", "{phase: job}", "--profiles-dir", "."], cwd=project, env=environment, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    run = Output(process.stdout)
    try:
        while not kill_the_driver_once_the_statement_runs(run.text):
            assert process.poll() is None, "the run ended before its statement:\n" + run.text
            assert time.monotonic() - started_at < PHASE_TIMEOUT_SECONDS, run.text
            time.sleep(0.05)
        killed_at = time.monotonic()
        code = process.wait(timeout=120)
        after_kill = time.monotonic() - killed_at
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    run.thread.join(timeout=10)
    output = run.text
    print(f"driver killed: exit {code} {after_kill:.2f}s later", file=sys.stderr)
    assert killed, output
    assert code == 1, output
    assert after_kill <= EXIT_WITHIN_SECONDS, f"ended {after_kill:.2f}s after the driver was killed"
    assert re.search(r"Runtime Error in model slow_table \(models/slow_table.sql\)\n\s*Spark's driver is gone:", output), output
    # The model after it fails too, pointing back instead of repeating the explanation.
    assert re.search(r"Runtime Error in model trailing_table \(models/trailing_table.sql\)\n"
                     r"\s*Spark's driver is gone \(the first node that failed says why\)", output), output
    assert output.count("every later node of this run fails too") == 1, output
    assert "Encountered an error" not in output and "Exception while sending command" not in output, output
    assert_ended_cleanly(storage_home, first_versions, output)
    # The killed JVM's scratch (Spark's local directory) is left in the home, from which the
    # next run that claims it removes it (tests/e2e/test_fault_startup.py), not in /tmp.
    assert list((storage_home / "spark-scratch").glob("spark-*/userFiles-*")), list(storage_home.iterdir())
