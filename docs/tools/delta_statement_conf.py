"""How Spark settings change the JVM's cost of the statements dbt's incremental models issue:
a Delta `CREATE OR REPLACE TABLE … AS SELECT` and a `MERGE INTO` of 200 rows, in one local
session built as the suites build theirs (dbt_session.local_spark), each variant's settings set
in turn, the variants interleaved so that the machine's load falls on all of them alike.
Prints each variant's median milliseconds (docs/development.md, "Where make test's time goes").

    .venv/bin/python docs/tools/delta_statement_conf.py [ROUNDS]
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from dbt_session.local_spark import session_builder

VARIANTS = {
    "as configured": {},
    "adaptive execution off": {"spark.sql.adaptive.enabled": "false"},
    "whole-stage codegen off": {"spark.sql.codegen.wholeStage": "false"},
    "merge source not materialized": {"spark.databricks.delta.merge.materializeSource": "none"},
    "Delta statistics not collected": {"spark.databricks.delta.stats.collect": "false"},
}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    root = Path(tempfile.mkdtemp(prefix="delta-statement-conf-"))
    spark = session_builder(root, master="local[2]").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sql("create schema if not exists bench")
    keys = {key for settings in VARIANTS.values() for key in settings}

    def statements(name: str, table: str) -> tuple[float, float]:
        for key in keys:
            spark.conf.unset(key)
        for key, value in VARIANTS[name].items():
            spark.conf.set(key, value)
        started = time.perf_counter()
        spark.sql(f"create or replace table bench.{table} using delta as "
                  "select id, id % 7 as k, cast(id as string) as s from range(200)")
        created = time.perf_counter()
        spark.sql("create or replace temporary view source as select id, id % 5 as k, 'x' as s from range(100, 300)")
        spark.sql(f"merge into bench.{table} as t using source as s on t.id = s.id "
                  "when matched then update set * when not matched then insert *")
        return created - started, time.perf_counter() - created

    for index, name in enumerate(VARIANTS):  # warm-up, not measured
        for repeat in range(3):
            statements(name, f"warm_{index}_{repeat}")
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in VARIANTS}
    for repeat in range(rounds):
        for index, name in enumerate(VARIANTS):
            measured[name].append(statements(name, f"t_{index}_{repeat}"))
    for name, times in measured.items():
        create = statistics.median(create for create, _ in times) * 1000
        merge = statistics.median(merge for _, merge in times) * 1000
        print(f"{name:32s} create {create:6.0f} ms   merge {merge:6.0f} ms")
    spark.stop()


if __name__ == "__main__":
    main()
