"""Driver heap after GC as a run goes on: what a long run in one JVM keeps.

    .venv/bin/python bench/driver_heap.py connections 1200   # dbt-session connections: open, `select 1`, close
    .venv/bin/python bench/driver_heap.py delta-tables 200    # `create or replace table ... using delta` on one session
    .venv/bin/python bench/driver_heap.py read-merged-tables 100  # created, merged twice, read
    .venv/bin/python bench/driver_heap.py selects 200         # distinct SELECT texts, no tables
    .venv/bin/python bench/driver_heap.py delta-tables 200 --conf spark.databricks.delta.delta.log.cacheSize=50

Prints the heap used after `System.gc()` before and after, and the live instances of the
classes that tell the causes apart (the measurements: docs/configuration.md, "Threads").
"""

import argparse
import gc
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import clear_delta_log_cache, create_merged_table, read_table, start_spark  # noqa: E402

WATCHED_CLASSES = (
    "org.apache.spark.sql.classic.SparkSession",
    "org.apache.spark.sql.artifact.ArtifactManager",
    "org.apache.spark.sql.delta.DeltaLog",
    "org.apache.spark.sql.delta.Snapshot",
    "org.antlr.v4.runtime.atn.ATNConfig",
)


def heap_after_gc_mb(spark: Any) -> float:
    gc.collect()  # drops Python-side py4j proxies first
    jvm = spark.sparkContext._jvm
    jvm.java.lang.System.gc()
    jvm.java.lang.System.gc()
    runtime = jvm.java.lang.Runtime.getRuntime()
    return (runtime.totalMemory() - runtime.freeMemory()) / 2**20


def live_instances(spark: Any) -> dict[str, int]:
    pid = str(spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid())
    histogram = subprocess.run(["jcmd", pid, "GC.class_histogram"], capture_output=True, text=True).stdout
    counts = {name: 0 for name in WATCHED_CLASSES}
    for line in histogram.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[3] in counts:
            counts[fields[3]] = int(fields[1])
    return counts


def run_step(spark: Any, kind: str, index: int) -> None:
    if kind == "connections":
        import dbt_session_native as native

        handle = native.open_handle("hive_metastore", "heap")
        handle.execute("select 1").fetchall()
        handle.close()
    elif kind == "delta-tables":
        spark.sql(f"create or replace table heap.t{index} using delta as "
                  "select id, cast(id as string) as label from range(20)")
    elif kind == "read-merged-tables":
        # Like a dbt incremental model read by later models: created, merged into, read.
        create_merged_table(spark, f"heap.t{index}", merges=2)
        read_table(spark, f"heap.t{index}")
    else:
        spark.sql(f"select id + {index} as x{index} from range(20) where id > {index % 7}").collect()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("connections", "delta-tables", "read-merged-tables", "selects"))
    parser.add_argument("count", type=int)
    parser.add_argument("--conf", action="append", default=[], help="key=value for the session")
    args = parser.parse_args()
    confs = dict(item.split("=", 1) for item in args.conf)
    spark = start_spark(Path(tempfile.mkdtemp(prefix="driver-heap-")), confs)
    import dbt_session_native as native

    native.use_session(spark)
    spark.sql("create schema if not exists heap")
    for index in range(20):  # warm-up: classes loaded, caches of a first statement filled
        run_step(spark, args.kind, 1_000_000 + index)
    before = heap_after_gc_mb(spark)
    for index in range(args.count):
        run_step(spark, args.kind, index)
    after = heap_after_gc_mb(spark)
    print(f"{args.kind} x{args.count} {confs or ''}: heap after GC {before:.0f} -> {after:.0f} MB")
    for name, count in live_instances(spark).items():
        print(f"  {count:6d} live {name}")
    # What Delta's DeltaLog cache (one entry per table path) held of that.
    clear_delta_log_cache(spark)
    print(f"  after DeltaLog.clearCache(): {heap_after_gc_mb(spark):.0f} MB")
    native.release_session()
    spark.stop()


if __name__ == "__main__":
    main()
