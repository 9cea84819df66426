"""Seed load time: dbt-session's session mode against dbt-spark's `method: session`.

Generates a CSV seed (default 100,000 rows x 10 columns: integers, decimals, text, dates,
timestamps, booleans) in a temporary dbt project and runs `dbt seed --full-refresh` in this
process, alternately through dbt-session (`dbt_session.run`, target `session`: type databricks,
method session) and dbt-spark (target `spark`: type spark, method session, which takes the
running session with SparkSession.builder.getOrCreate()). Both use one SparkSession, configured
like the test suite's (tests/conftest.py), and write Delta tables. Reports each repeat, the
medians and the ratio dbt-spark / dbt-session, for the seed node alone (dbt's execution_time)
and for the whole `dbt seed` invocation.

    .venv/bin/python bench/seed_load.py [--rows 100000] [--repeat 3] [--skip-spark]
    .venv/bin/python bench/seed_load.py --rows 200 --repeat 1      # smoke (CI)

The data has no NULLs, quotes or percent signs: dbt-spark's session cursor formats values into
the SQL text, and those break it (DESIGN.md, "Bindings").
"""

import argparse
import csv
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import session_target, spark_target, write_dbt_files  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def write_project(root: Path, rows: int) -> None:
    (root / "seeds").mkdir(parents=True)
    write_dbt_files(root, {"session": session_target("bench_seed_session"), "spark": spark_target("bench_seed_spark")},
                    {"seeds": {"bench": {"+file_format": "delta"}}})
    start_day, start_time = date(2020, 1, 1), datetime(2020, 1, 1, 0, 0, 0)
    with (root / "seeds" / "wide.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "customer", "amount", "quantity", "ratio", "city",
                         "ordered_on", "shipped_at", "is_paid", "note"])
        for i in range(rows):
            writer.writerow([
                i, f"customer {i % 9973}", f"{(i * 37) % 100000 / 100:.2f}", i % 17,
                f"{(i % 1000) / 7:.6f}", ["Berlin", "Zürich", "Lyon", "Porto"][i % 4],
                (start_day + timedelta(days=i % 3650)).isoformat(),
                (start_time + timedelta(seconds=i * 61)).strftime("%Y-%m-%d %H:%M:%S"),
                "true" if i % 3 else "false", f"row {i} of the benchmark seed",
            ])


def build_spark(root: Path) -> Any:
    from dbt_session.local_spark import session_builder  # the host's settings, as in tests/conftest.py

    builder = session_builder(root, master="local[2]", app_name="dbt-session-bench-seeds")
    spark = builder.config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def seed_once(spark: Any, project: Path, target: str, rows: int) -> dict[str, float]:
    import dbt_session
    from dbt.cli.main import dbtRunner

    args = ["seed", "--full-refresh", "--target", target, "--project-dir", str(project),
            "--profiles-dir", str(project), "--log-level", "warn"]
    started = time.perf_counter()
    result = dbt_session.run(args, spark=spark) if target == "session" else dbtRunner().invoke(args)
    wall = time.perf_counter() - started
    if not result.success:
        raise RuntimeError(f"dbt seed --target {target} failed: {result.exception or result.result}")
    [node] = result.result.results
    schema = "bench_seed_session" if target == "session" else "bench_seed_spark"
    loaded = spark.table(f"{schema}.wide").count()
    if loaded != rows:
        raise RuntimeError(f"{target}: {loaded} rows loaded, expected {rows}")
    return {"seed_node": node.execution_time, "dbt_seed": wall}


def agate_parse_seconds(project: Path) -> float:
    """dbt's own CSV parse and type inference (load_agate_table), which both paths pay before
    any row reaches Spark; measured alone so the row-loading step can be told apart."""
    from dbt_common.clients import agate_helper

    started = time.perf_counter()
    agate_helper.from_csv(str(project / "seeds" / "wide.csv"), text_columns=[])
    return time.perf_counter() - started


WARMUP_ROWS = 100


def median_of(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-spark", action="store_true", help="measure dbt-session only")
    args = parser.parse_args()
    targets = ["session"] if args.skip_spark else ["session", "spark"]
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    print("versions:", json.dumps({name: version(name) for name in
                                   ["dbt-core", "dbt-databricks", "dbt-spark", "pyspark", "delta-spark", "pyarrow"]}))
    print("machine:", platform.platform(), f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-seeds-") as scratch:
        root = Path(scratch)
        write_project(root / "project", args.rows)
        agate_seconds = agate_parse_seconds(root / "project")
        spark = build_spark(root)
        try:
            # One unmeasured small load per path first: the first dbt invocation in a process
            # pays imports, the JVM's JIT warm-up and the first Delta commit, whichever path runs it.
            write_project(root / "warmup", WARMUP_ROWS)
            for target in targets:
                seed_once(spark, root / "warmup", target, WARMUP_ROWS)
            runs: dict[str, list[dict[str, float]]] = {target: [] for target in targets}
            for repeat in range(args.repeat):
                for target in targets:
                    runs[target].append(seed_once(spark, root / "project", target, args.rows))
                    print(f"repeat {repeat + 1} {target}: " + json.dumps(
                        {k: round(v, 3) for k, v in runs[target][-1].items()}), flush=True)
        finally:
            spark.stop()
    report: dict[str, Any] = {"rows": args.rows, "columns": 10, "repeat": args.repeat,
                              "agate_parse_s": round(agate_seconds, 3)}
    for key in ["seed_node", "dbt_seed"]:
        for target in targets:
            report[f"{target}_{key}_median_s"] = round(median_of(runs[target], key), 3)
        if "spark" in runs:
            report[f"{key}_ratio_spark_over_session"] = round(
                median_of(runs["spark"], key) / median_of(runs["session"], key), 1)
    if "spark" in runs:
        # The seed node minus dbt's CSV parse: the part the two paths do differently.
        rows_step = {t: median_of(runs[t], "seed_node") - agate_seconds for t in targets}
        report["rows_step_ratio_spark_over_session"] = round(rows_step["spark"] / max(rows_step["session"], 1e-3), 1)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
