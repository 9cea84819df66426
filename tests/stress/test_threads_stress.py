"""dbt with --threads 8 on one SparkSession, run many times in a row on a generated DAG
(tests/stress/generate_project.py): no run may fail and, after every run, every table must
hold exactly the rows its model defines. Cross-talk between dbt threads (a SET, a temp view
or the current schema seen by another model) shows up as a failure or as wrong rows.

DBT_SESSION_STRESS_RUNS sets the number of runs (default 2; `make stress` runs 20)."""

import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dbt_session
from generate_project import expected_rows, model_count, write_project

CHAINS = 10  # 61 models
RUNS = int(os.environ.get("DBT_SESSION_STRESS_RUNS", "2"))


@pytest.fixture
def stress_schema(spark: Any) -> Iterator[str]:
    name = f"stress_{uuid.uuid4().hex[:10]}"
    try:
        yield name
    finally:
        spark.sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def table_rows(spark: Any, schema: str, table: str) -> set[tuple[int, ...]]:
    return {tuple(row) for row in spark.table(f"hive_metastore.{schema}.{table}").collect()}


def test_sixty_models_with_eight_threads_run_repeatedly_without_failures_or_wrong_rows(
    spark: Any, stress_schema: str, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "threads_stress", stress_schema, CHAINS)
    assert model_count(CHAINS) >= 60
    timings = []
    for run in range(1, RUNS + 1):
        started = time.monotonic()
        result = dbt_session.run(
            ["run", "--threads", "8", "--project-dir", str(project), "--profiles-dir", str(project),
             "--vars", json.dumps({"run": run})],
            spark=spark,
        )
        timings.append(time.monotonic() - started)
        assert result.exception is None, f"run {run}: {result.exception!r}"
        failed = [(r.node.unique_id, r.message) for r in result.result if r.status != "success"]
        assert not failed, f"run {run}: {failed}"
        assert len(result.result) == model_count(CHAINS)
        wrong = {
            table: {"expected": sorted(rows), "found": sorted(found)}
            for table, rows in expected_rows(CHAINS, run).items()
            if (found := table_rows(spark, stress_schema, table)) != rows
        }
        assert not wrong, f"run {run}: tables with wrong rows: {json.dumps(wrong, indent=1)}"
    print(f"\n{RUNS} runs of {model_count(CHAINS)} models, --threads 8: "
          f"{sum(timings) / 60:.1f} min, per run {[round(t, 1) for t in timings]} s")
