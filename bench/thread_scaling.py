"""How `dbt run` scales with --threads on a wide DAG, under FIFO and FAIR scheduling.

A synthetic project of 60 independent table models (by default): every 10th is heavy (an
aggregation over 40 million rows in 24 tasks), the rest light (100 rows). It runs through
`dbt_session.run(spark=...)` at --threads 1, 4 and 8, each run into a schema of its own (the
same work every time), on a local session with the host's settings (bench/harness.py), once
with Spark's FIFO scheduler (dbt-session before each dbt thread got a FAIR pool) and once with
the host's FAIR setting (each dbt thread's jobs in their own pool, bindings/job_labels.cpp),
each mode in a process (and JVM) of its own.
A 6-model warm-up run per session is not measured. Reports wall times and the speedup of
each thread count over --threads 1.

    .venv/bin/python bench/thread_scaling.py                            # 60 models, FIFO and FAIR
    .venv/bin/python bench/thread_scaling.py --models 6 --threads 1,2   # smoke
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import session_target, start_spark, write_dbt_files  # noqa: E402

HEAVY = "select id % 1000 as k, count(*) as n, sum(id) as s from range(0, 40000000, 1, 24) group by 1"
LIGHT = "select id, id * 2 as v from range(100)"


def write_project(root: Path, models: int) -> None:
    (root / "models").mkdir(parents=True)
    write_dbt_files(root, {"session": session_target("{{ env_var('BENCH_SCHEMA') }}")},
                    {"models": {"bench": {"+materialized": "table"}}})
    for index in range(models):
        (root / "models" / f"m_{index:03d}.sql").write_text(HEAVY if index % 10 == 0 else LIGHT)


def run_once(spark: Any, project: Path, threads: int, schema: str) -> float:
    import dbt_session

    os.environ["BENCH_SCHEMA"] = schema
    args = ["run", "--project-dir", str(project), "--profiles-dir", str(project), "--threads", str(threads),
            "--quiet", "--log-level-file", "none"]
    started = time.perf_counter()
    result = dbt_session.run(args, spark=spark)
    seconds = time.perf_counter() - started
    if not result.success:
        raise RuntimeError(f"dbt run --threads {threads} failed: {result.exception or result.result}")
    return seconds


def measure_mode(mode: str, models: int, thread_counts: list[int]) -> dict[int, float]:
    with tempfile.TemporaryDirectory(prefix="bench-threads-") as scratch:
        root = Path(scratch)
        write_project(root / "project", models)
        write_project(root / "warmup", 6)
        spark = start_spark(root / "spark", {"spark.scheduler.mode": mode})
        try:
            run_once(spark, root / "warmup", 2, "bench_threads_warmup")
            times = {}
            for threads in thread_counts:
                times[threads] = run_once(spark, root / "project", threads, f"bench_threads_{threads}")
                print(f"{mode} --threads {threads}: {times[threads]:.1f} s", file=sys.stderr, flush=True)
            return times
        finally:
            spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=60)
    parser.add_argument("--threads", default="1,4,8", help="comma-separated --threads values")
    parser.add_argument("--modes", default="FIFO,FAIR", help="spark.scheduler.mode values, one process each")
    args = parser.parse_args()
    modes = args.modes.split(",")
    if len(modes) == 1:  # one mode: this process's JVM (a session's scheduler is fixed at its start)
        times = measure_mode(modes[0], args.models, [int(value) for value in args.threads.split(",")])
        print(json.dumps({str(threads): seconds for threads, seconds in times.items()}))
        return
    report: dict[str, Any] = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]), "models": args.models,
        "machine": f"{platform.platform()}, {os.cpu_count()} cores",
        "load_average_at_start": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "seconds": {}, "speedup": {}}
    for mode in modes:
        done = subprocess.run([sys.executable, __file__, "--models", str(args.models), "--threads", args.threads,
                               "--modes", mode], stdout=subprocess.PIPE, text=True, check=True)
        times = json.loads(done.stdout.strip().splitlines()[-1])
        base = next(iter(times.values()))
        report["seconds"][mode] = {threads: round(seconds, 1) for threads, seconds in times.items()}
        report["speedup"][mode] = {threads: round(base / seconds, 2) for threads, seconds in times.items()}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
