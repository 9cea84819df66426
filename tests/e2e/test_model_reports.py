"""Every model reports what it did: rows_affected from Delta for each materialization and
incremental strategy, and the Spark work of its job group, in run_results.json and dbt's
console line. One project, built twice (the second build runs each incremental strategy)."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import RunDbtSession
from projects import session_target, write_project

MODELS = {
    "tbl.sql": "{{ config(materialized='table') }}\nselect id from range(5)",
    "inc_append.sql": "{{ config(materialized='incremental', incremental_strategy='append') }}\n"
    "select id from range(3)",
    "inc_merge.sql": "{{ config(materialized='incremental', incremental_strategy='merge', unique_key='id') }}\n"
    "select id, 'x' as v from range(4)",
    "inc_overwrite.sql": "{{ config(materialized='incremental', incremental_strategy='insert_overwrite', "
    "partition_by=['p']) }}\nselect id, id % 2 as p from range(6)",
    "inc_replace.sql": "{{ config(materialized='incremental', incremental_strategy='replace_where', "
    "incremental_predicates=['p = 1']) }}\nselect id, 1 as p from range(2)",
    "a_view.sql": "{{ config(materialized='view') }}\nselect 1 as id",
    "py_model.py": "def model(dbt, session):\n    return session.range(10)\n",
}
SNAPSHOT = """{% snapshot snap %}
{{ config(unique_key='id', strategy='check', check_cols='all') }}
select id, 'a' as v from range(3)
{% endsnapshot %}
"""
SEED = "id,name\n1,a\n2,b\n3,c\n"

Build = tuple[dict[str, Any], str]


def build(run_dbt_session: RunDbtSession, project: Path) -> Build:
    run = run_dbt_session(["build", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 0, run.output
    results = json.loads((project / "target" / "run_results.json").read_text())["results"]
    return {result["unique_id"].split(".")[-1]: result for result in results}, run.output


@pytest.fixture(scope="module")
def builds(run_dbt_session: RunDbtSession, tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    files = {
        **{f"models/{name}": body for name, body in MODELS.items()},
        "snapshots/snap.sql": SNAPSHOT,
        "seeds/people.csv": SEED,
    }
    project = write_project(
        tmp_path_factory.mktemp("reports") / "p", "reports", session_target("e2e_model_reports"), files
    )
    return build(run_dbt_session, project), build(run_dbt_session, project)


def rows(result: dict[str, Any]) -> Any:
    return result["adapter_response"].get("rows_affected")


def test_a_table_model_reports_the_rows_its_ctas_wrote(builds: tuple[Build, Build]) -> None:
    for results, _ in builds:
        assert rows(results["tbl"]) == 5
        assert results["tbl"]["adapter_response"]["delta_operation"] == "CREATE OR REPLACE TABLE AS SELECT"


def test_each_incremental_strategy_reports_the_rows_it_wrote(builds: tuple[Build, Build]) -> None:
    (first, _), (second, _) = builds
    assert [rows(first[name]) for name in ("inc_append", "inc_merge", "inc_overwrite", "inc_replace")] == [3, 4, 6, 2]
    assert rows(second["inc_append"]) == 3  # appended again
    assert rows(second["inc_merge"]) == 4  # 4 rows matched and updated
    assert rows(second["inc_overwrite"]) == 6  # both partitions rewritten
    assert rows(second["inc_replace"]) == 2  # the p = 1 rows replaced


def test_seeds_and_snapshots_report_their_rows(builds: tuple[Build, Build]) -> None:
    (first, _), (second, _) = builds
    assert rows(first["people"]) == 3
    assert rows(second["people"]) == 3
    assert rows(first["snap"]) == 3
    assert rows(second["snap"]) == 0  # nothing changed: the snapshot merge touched no row


def test_a_view_reports_no_rows(builds: tuple[Build, Build]) -> None:
    assert rows(builds[0][0]["a_view"]) is None


def test_a_python_model_reports_its_spark_jobs(builds: tuple[Build, Build]) -> None:
    assert builds[0][0]["py_model"]["adapter_response"]["spark_job_ids"]


def test_the_console_line_shows_the_rows(builds: tuple[Build, Build]) -> None:
    _, console = builds[1]
    line = next(line for line in console.splitlines() if "OK created sql table model e2e_model_reports.tbl" in line)
    assert "[OK 5 in " in re.sub(r"\x1b\[[0-9;]*m", "", line)


def test_each_model_reports_its_spark_jobs_task_time_and_bytes_written(builds: tuple[Build, Build]) -> None:
    for results, _ in builds:
        response = results["tbl"]["adapter_response"]
        assert response["spark_job_ids"], response
        assert response["spark_task_time_ms"] >= 0
        assert response["spark_bytes_written"] > 0
        assert 0 < response["spark_job_time_ms"] <= results["tbl"]["execution_time"] * 1000


def test_the_run_ends_with_one_line_of_spark_time_and_the_slowest_models(builds: tuple[Build, Build]) -> None:
    _, console = builds[1]
    lines = [line for line in console.splitlines() if "Spark jobs " in line]
    assert len(lines) == 1, console
    # Every node but the seed, whose response dbt-databricks' seed materialization builds itself.
    assert " in 8 models (dbt's own " in lines[0]
    assert lines[0].count("(Spark ") == 3
