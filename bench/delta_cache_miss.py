"""What a read costs when Delta's DeltaLog cache no longer holds the table (evicted, or past
its retention): the price of capping `spark.databricks.delta.delta.log.cacheSize`.

    .venv/bin/python bench/delta_cache_miss.py            # 10 reads each way, milliseconds

The table is created and merged into 6 times (7 versions, like an incremental model after a
few runs); the same query is timed with the table's DeltaLog cached, then right after
`DeltaLog.clearCache()`.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import clear_delta_log_cache, create_merged_table, read_table, start_spark  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=10)
    args = parser.parse_args()
    spark = start_spark(Path(tempfile.mkdtemp(prefix="delta-cache-miss-")))
    spark.sql("create schema miss")
    create_merged_table(spark, "miss.t", merges=6)

    def read_ms() -> float:
        started = time.perf_counter()
        read_table(spark, "miss.t")
        return (time.perf_counter() - started) * 1000

    for _ in range(5):  # warm-up: the query's classes and code paths
        read_ms()
    cached, evicted = [], []
    for _ in range(args.reads):
        cached.append(read_ms())
        clear_delta_log_cache(spark)
        evicted.append(read_ms())
    for label, values in (("cached", cached), ("evicted", evicted)):
        ordered = sorted(values)
        print(f"{label:8s} median {ordered[len(ordered) // 2]:.0f} ms, "
              f"min {ordered[0]:.0f}, max {ordered[-1]:.0f} ({args.reads} reads)")
    spark.stop()


if __name__ == "__main__":
    main()
