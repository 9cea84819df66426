"""Signals at moments nobody chose: SIGINT or SIGTERM, to the process or to its whole process
group, anywhere from the launch of a jaffle_shop build (seeds, SQL and Python models, data
tests) to past its usual end. Each run ends with 130 (or 0 if the build finished first) within
5 seconds of the signal, without a traceback or an error of dbt's own, and leaves no JVM; the
next run starts clean. test_fault_signals.py pins each phase; this finds the moments between.

DBT_SESSION_SIGNAL_SWEEP_RUNS sets the number of signalled runs (default 2; `make stress` runs
20); DBT_SESSION_SIGNAL_SWEEP_SEED replays a sweep (each run prints its seed and moment)."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import EXAMPLE, RunDbtSession, binary_environment, copy_project, jvms_left_after_a_run

RUNS = int(os.environ.get("DBT_SESSION_SIGNAL_SWEEP_RUNS", "2"))
SEED = int(os.environ.get("DBT_SESSION_SIGNAL_SWEEP_SEED") or time.time_ns() % 1_000_000)
EXIT_WITHIN_SECONDS = 5.0
# What a clean end never prints: a stack trace (Python's or dbt's "Unhandled error"), dbt's
# own failure report, a C++ abort, py4j's report of a broken call, Spark's of a killed task.
NEVER_PRINTED = ("Traceback", "Unhandled error", "Encountered an error", "terminate called",
                 "Exception while sending command", "Aborting task", "leaked semaphore")


def test_a_signal_at_a_random_moment_of_a_build_ends_it_cleanly_and_promptly(
    run_dbt_session: RunDbtSession, binary: Path, tmp_path: Path
) -> None:
    # A home of its own: a run interrupted inside the Python incremental model leaves its
    # daily_revenue__dbt_tmp table (as dbt-databricks does; the next complete run replaces it),
    # which the other fault tests, sharing the suite's home, would count as theirs.
    storage_home = tmp_path / "home"
    project = copy_project(EXAMPLE, tmp_path / "jaffle_shop")
    started = time.monotonic()
    first = run_dbt_session(["build", "--profiles-dir", "."], cwd=project,
                            env={"DBT_SESSION_HOME": str(storage_home)})
    build_seconds = time.monotonic() - started
    assert first.returncode == 0, first.output
    moments = random.Random(SEED)
    for index in range(RUNS):
        delay = moments.uniform(0.0, build_seconds * 1.05)
        number = moments.choice([signal.SIGINT, signal.SIGTERM])
        to_group = moments.random() < 0.5
        where = f"seed {SEED} run {index}: {signal.Signals(number).name} to the " \
                f"{'process group' if to_group else 'process'} {delay:.1f}s after the launch"
        process = subprocess.Popen([str(binary), "build", "--profiles-dir", "."], cwd=project,
                                   env=binary_environment(storage_home), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                                   start_new_session=True)
        time.sleep(delay)
        signalled = time.monotonic()
        if process.poll() is None:
            (os.killpg if to_group else os.kill)(process.pid, number)
        try:
            output, _ = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output = process.communicate()[0] + "\n(still running 120 s after the signal)"
        ended_after = time.monotonic() - signalled
        print(f"{where}: exit {process.returncode} {ended_after:.2f}s later", file=sys.stderr)
        assert process.returncode in (0, 130), f"{where}\n{output}"
        if process.returncode == 130:
            assert ended_after <= EXIT_WITHIN_SECONDS, f"{where}: ended {ended_after:.2f}s later"
        printed = [text for text in NEVER_PRINTED if text in output]
        assert printed == [], f"{where}\n{output}"
        assert jvms_left_after_a_run(storage_home) == [], f"{where}: a JVM outlived the run"
