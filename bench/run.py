"""dbt-session against dbt-spark's `method: session` and against a raw replay of the same SQL,
in ONE Python process on ONE local SparkSession (bench/harness.py), at several project sizes.

For each size N, a synthetic SQL-only project (40% views, 30% tables, 30% incremental
merges) is run twice per contender, `dbt run` to create and `dbt run` again to merge:
- session: dbt-databricks with dbt-session's plugin, through dbt_session.run(spark=...);
- spark:   dbt-spark 1.10.3, `type: spark, method: session` (its cursor getOrCreate()s the
           same session), through dbtRunner;
- replay:  the SQL dbt-session wrote to target/run/, through spark.sql in a plain loop:
           the floor, the Spark work without any dbt.

    .venv/bin/python bench/run.py                 # 50, 200, 500 models; writes docs/benchmarks.*
    .venv/bin/python bench/run.py --smoke         # 3 models, seconds: checks the harness only
"""

import argparse
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Measurement, StatementCounter, start_spark, statement_kind, write_project  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PASSES = ("create", "merge")


def dbt_args(project: Path, target: str) -> list[str]:
    return [
        "run", "--project-dir", str(project), "--profiles-dir", str(project), "--target", target,
        "--target-path", f"target_{target}", "--log-path", str(project / f"logs_{target}"),
        "--quiet", "--log-level-file", "none", "--threads", "1",
    ]


def run_session(project: Path, spark: Any) -> None:
    import dbt_session

    result = dbt_session.run(dbt_args(project, "session"), spark=spark)
    if not result.success:
        raise RuntimeError(f"dbt-session run failed: {result.exception or result.result}")


def run_spark(project: Path) -> None:
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(dbt_args(project, "spark"))
    if not result.success:
        raise RuntimeError(f"dbt-spark run failed: {result.exception or result.result}")


def executed_sql(project: Path, target: str) -> list[str]:
    """The statements dbt wrote to target/run/, in the order run_results.json lists them."""
    target_dir = project / f"target_{target}"
    results = json.loads((target_dir / "run_results.json").read_text())["results"]
    statements = []
    for result in results:
        relative = result["unique_id"].split(".")[-1] + ".sql"
        [path] = (target_dir / "run").rglob(relative)
        statements.extend(split_statements(path.read_text()))
    return statements


def split_statements(text: str) -> list[str]:
    # target/run holds one statement per model, or several separated by ';' lines
    # (a merge is preceded by its staging view): split only on ';' that ends a line.
    parts = [part.strip() for part in re.split(r";\s*\n", text)]
    return [part.rstrip(";").strip() for part in parts if part.strip()]


def replay(spark: Any, statements: list[str]) -> None:
    for statement in statements:
        spark.sql(statement)


def measure(counter: StatementCounter, action: Any) -> Measurement:
    with counter.measure() as result:
        action()
    return result()


def bench_size(spark: Any, counter: StatementCounter, models: int, scratch: Path,
               passes: tuple[str, ...] = PASSES) -> dict[str, Any]:
    project = write_project(scratch / f"project_{models}", models, f"bench_{scratch.name}_{models}".replace("-", "_"))
    rows: dict[str, Any] = {"models": models}
    adapters = [("session", "dbt-session", lambda: run_session(project, spark)),
                ("spark", "dbt-spark", lambda: run_spark(project))]
    for name in passes:
        measured: dict[str, Any] = {"first": adapters[0][1]}
        for key, label, action in adapters:
            print(f"[{models} models, {name}] {label} ...", flush=True)
            measured[key] = asdict(measure(counter, action))
        # Whoever goes first in a pass meets the JVM and the metastore a little colder: the
        # adapters take turns (create: dbt-session first; merge: dbt-spark first).
        adapters.reverse()
        statements = executed_sql(project, "session")
        print(f"[{models} models, {name}] replay of {len(statements)} statements ...", flush=True)
        measured["replay"] = asdict(measure(counter, lambda statements=statements: replay(spark, statements)))
        rows[name] = {**measured, "replayed_statement_kinds": sorted({statement_kind(s) for s in statements})}
        print(f"  {summary_line(models, rows[name])}", flush=True)
    return rows


def summary_line(models: int, row: dict[str, Any]) -> str:
    s, p, r = (row[k]["seconds"] for k in ("session", "spark", "replay"))
    return (f"session {s:.1f}s, spark {p:.1f}s, replay {r:.1f}s; overhead/model above replay: "
            f"session {(s - r) / models * 1000:.0f} ms, spark {(p - r) / models * 1000:.0f} ms")


def first_python_job(repeat: int) -> dict[str, list[float]]:
    """bench/python_model_first_job.py, run through the built binary (its own JVM): per model of
    the run (first, second), the seconds of each repeat."""
    if repeat == 0:
        return {}
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "python_model_first_job.py"), "--repeat", str(repeat)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])["model_start_to_first_spark_job_seconds"]


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    loads = Path("/proc/loadavg").read_text().split()[:3]
    return {"cpu": cpu, "cores": str(len([line for line in Path("/proc/cpuinfo").read_text().splitlines()
                                           if line.startswith("processor")])),
            "memory": memory, "load_average_at_start": " ".join(loads), "python": platform.python_version()}


def versions() -> dict[str, str]:
    return {name: version(name) for name in ("dbt-core", "dbt-databricks", "dbt-spark", "pyspark", "delta-spark")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="50,200,500", help="comma-separated project sizes")
    parser.add_argument("--first-job-repeat", type=int, default=3,
                        help="runs of the Python-model first-job measurement (0: skip)")
    parser.add_argument("--smoke", action="store_true", help="3 models, no first-job run, no docs")
    parser.add_argument("--results", type=Path, default=REPO / "build" / "bench" / "results.json")
    # One JVM holds both adapters' tables from every size (~1,500 model runs by 500 models), and
    # Delta keeps each table's DeltaLog and snapshot cached (default: up to 10,000 tables, 60
    # minutes): ~1.9 MB per table of this project (docs/configuration.md, "Threads"), more than
    # Spark's default 1g holds at 500 models. Both adapters share the heap, so its size does
    # not favour either.
    parser.add_argument("--driver-memory", default="4g", help="spark.driver.memory of the benchmark JVM")
    args = parser.parse_args()
    sizes = [3] if args.smoke else [int(size) for size in args.models.split(",")]
    results: dict[str, Any] = {"command": " ".join(sys.argv), "machine": machine(), "versions": versions(),
                               "driver_memory": args.driver_memory}

    scratch = Path(tempfile.mkdtemp(prefix="dbt-session-bench-"))
    spark = start_spark(scratch / "spark", {"spark.driver.memory": args.driver_memory})
    counter = StatementCounter(spark)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    results["sizes"] = []
    try:
        if not args.smoke:
            # Imports, JIT and the metastore's first tables cost whoever runs first: pay them
            # once, unmeasured, for both adapters and both passes. A smaller warm-up (3 models,
            # create only) leaves a first 20-model create pass about twice as slow as the next
            # adapter's.
            print("warm-up (not measured)", flush=True)
            bench_size(spark, counter, 20, scratch / "warm-up")
        for size in sizes:
            results["sizes"].append(bench_size(spark, counter, size, scratch))
            args.results.write_text(json.dumps(results, indent=2))  # partial results survive
    finally:
        counter.close()
        spark.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    results["python_model_first_job"] = first_python_job(0 if args.smoke else args.first_job_repeat)
    args.results.write_text(json.dumps(results, indent=2))
    print(f"results: {args.results}")


if __name__ == "__main__":
    main()
