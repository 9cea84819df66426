"""What the benchmarks share: a local SparkSession configured as the host creates one (its
definition in host/spark_settings.cpp, through dbt_session.local_spark), a synthetic SQL-only
dbt project, and a counter of the Spark statements a run issues.

Statements are counted two ways, identically for every contender:
- `sql_calls`: calls of pyspark's SparkSession.sql, on any session object (dbt-spark's
  cursor calls it on getOrCreate()'s session; our C++ cursor calls it on a newSession()
  child through pybind11's attribute lookup, so a class-level wrapper sees both);
- `sql_executions`: SQL executions Spark itself recorded (its SQL status store, fed by the
  listener bus), which also counts work started through DataFrame or catalog APIs.
"""

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

PROJECT_NAME = "bench"


def start_spark(root: Path, confs: Optional[dict[str, str]] = None) -> Any:
    """The host's local session: local[*], Delta, a Hive metastore in `root`, 4 partitions,
    plus `confs`."""
    from dbt_session.local_spark import session_builder

    builder = session_builder(root, master="local[*]", app_name="dbt-session-bench", partitions=4)
    for key, value in (confs or {}).items():
        builder = builder.config(key, value)
    session = builder.config("spark.ui.enabled", "false").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


# --- a Delta table like an incremental model (bench/driver_heap.py, bench/delta_cache_miss.py) ---


def create_merged_table(spark: Any, table: str, merges: int) -> None:
    """`table` as an incremental model leaves it: created, then merged into `merges` times."""
    spark.sql(f"create or replace table {table} using delta as select id, id % 10 as k from range(20)")
    for _ in range(merges):
        spark.sql(f"merge into {table} t using (select id, id % 10 + 1 as k from range(20)) s "
                  "on t.id = s.id when matched then update set * when not matched then insert *")


def read_table(spark: Any, table: str) -> None:
    """Reads `table` as a later model does (twice in one query), so Delta loads its snapshot."""
    spark.sql(f"select count(*) from {table} where id in (select id from {table})").collect()


def clear_delta_log_cache(spark: Any) -> None:
    """Empties Delta's DeltaLog cache (one entry per table path: its log and snapshot)."""
    spark.sparkContext._jvm.org.apache.spark.sql.delta.DeltaLog.clearCache()


# --- the synthetic project -------------------------------------------------------------

KINDS = ("view", "table", "incremental", "view", "table", "incremental", "view", "view", "table", "incremental")


def model_kind(index: int) -> str:
    """40% views, 30% tables, 30% incremental merges, interleaved (any 3 models hold one of each)."""
    return KINDS[index % len(KINDS)]


def model_sql(index: int) -> str:
    kind = model_kind(index)
    if index < 2:
        body = "select id, id % 10 as k, cast(id as string) as label from range(20)"
    else:
        # Two parents keep the DAG connected without making it a chain only.
        parent, other = f"m_{index - 1:04d}", f"m_{index // 2:04d}"
        body = (
            f"select p.id, p.k + 1 as k, p.label from {{{{ ref('{parent}') }}}} p\n"
            f"where p.id in (select id from {{{{ ref('{other}') }}}})"
        )
    if kind == "incremental":
        config = "{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge') }}"
        return f"{config}\n{body}\n{{% if is_incremental() %}}and 1 = 1{{% endif %}}\n" if index >= 2 else (
            f"{config}\n{body}\n"
        )
    return f"{{{{ config(materialized='{kind}') }}}}\n{body}\n"


def session_target(schema: str) -> dict[str, Any]:
    """dbt-databricks in session mode: dbt-session's contender."""
    return {"type": "databricks", "method": "session", "schema": schema, "threads": 1}


def spark_target(schema: str) -> dict[str, Any]:
    """dbt-spark's session method on the same Spark: the reference."""
    # dbt-spark requires a host even for method: session (SparkCredentials.__post_init__).
    return {"type": "spark", "method": "session", "host": "NA", "schema": schema, "threads": 1}


def write_dbt_files(root: Path, targets: dict[str, dict[str, Any]], configs: Optional[dict[str, Any]] = None) -> None:
    """The `bench` project's dbt_project.yml (with `configs`, e.g. {"models": {"bench": {...}}})
    and its profiles.yml, whose targets are `targets` by name, the first one the default."""
    import yaml

    root.mkdir(parents=True, exist_ok=True)
    project = {"name": PROJECT_NAME, "version": "1.0", "config-version": 2, "profile": PROJECT_NAME, **(configs or {})}
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))
    profile = {PROJECT_NAME: {"target": next(iter(targets)), "outputs": targets}}
    (root / "profiles.yml").write_text(yaml.safe_dump(profile, sort_keys=False))


def write_project(root: Path, models: int, schema_prefix: str) -> Path:
    """A dbt project with `models` SQL models and one profile with two targets on the same
    Spark: `session` (dbt-databricks, method session) and `spark` (dbt-spark, method session)."""
    (root / "models").mkdir(parents=True)
    write_dbt_files(root, {"session": session_target(f"{schema_prefix}_session"),
                           "spark": spark_target(f"{schema_prefix}_spark")},
                    {"models": {PROJECT_NAME: {"+file_format": "delta"}}})
    for index in range(models):
        (root / "models" / f"m_{index:04d}.sql").write_text(model_sql(index))
    return root


# --- counting and timing ---------------------------------------------------------------


@dataclass
class Measurement:
    seconds: float
    sql_calls: int
    sql_executions: int
    # sql() calls by their first two words ("create or", "describe table", "merge into"...).
    statement_kinds: dict[str, int]


def statement_kind(sql: str) -> str:
    """The first two words after dbt's leading comments (its query comment `/* {...} */`,
    macro `-- ...` lines), lower-cased: "create or", "describe table", "merge into"."""
    text = sql.lstrip()
    while text.startswith(("/*", "--")):
        end = text.find("*/") + 2 if text.startswith("/*") else text.find("\n") + 1
        if end <= 1:
            return ""
        text = text[end:].lstrip()
    return " ".join(text.split()[:2]).lower()


class StatementCounter:
    """Counts SparkSession.sql calls (class-level wrapper) and Spark's SQL executions."""

    def __init__(self, spark: Any) -> None:
        from pyspark.sql import SparkSession

        self._spark = spark
        self._session_class = SparkSession
        self._original_sql = SparkSession.sql
        self.calls = 0
        self.kinds: Counter[str] = Counter()
        counter = self

        def counting_sql(session: Any, sql_query: str, *args: Any, **kwargs: Any) -> Any:
            counter.calls += 1
            counter.kinds[statement_kind(sql_query)] += 1
            return counter._original_sql(session, sql_query, *args, **kwargs)

        SparkSession.sql = counting_sql  # type: ignore[method-assign]

    def executions(self) -> int:
        """How many SQL executions Spark has started so far: execution ids are one JVM-wide
        sequence from 0, so the newest id + 1. (Counting the status store's entries would
        need it to keep every execution with its plan: at 200 models the 1 GiB driver heap
        ran out that way.)"""
        jvm_session = self._spark._jsparkSession
        # The status store is fed asynchronously by the listener bus: drain it first.
        jvm_session.sparkContext().listenerBus().waitUntilEmpty()
        store = jvm_session.sharedState().statusStore()
        retained = int(store.executionsCount())
        if retained == 0:
            return 0
        # executionsList(offset, length) is ordered by execution id.
        return int(store.executionsList(retained - 1, 1).head().executionId()) + 1

    @contextmanager
    def measure(self) -> Iterator[Callable[[], Measurement]]:
        calls, executions, kinds = self.calls, self.executions(), Counter(self.kinds)
        started = time.perf_counter()
        result: list[Measurement] = []
        yield lambda: result[0]
        seconds = time.perf_counter() - started
        result.append(Measurement(seconds, self.calls - calls, self.executions() - executions,
                                  dict((self.kinds - kinds).most_common())))

    def close(self) -> None:
        self._session_class.sql = self._original_sql  # type: ignore[method-assign]
