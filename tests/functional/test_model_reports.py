"""Every model reports what it did: rows_affected from Delta for each materialization and
incremental strategy, and the Spark work of its job group, in dbt's results (run_results.json)
and its console line. One project, built twice (the second build runs each incremental
strategy). The host's end-of-run line over these reports: tests/e2e/test_jaffle_shop.py."""

import re
from typing import Any

import pytest
from dbt.tests.util import run_dbt, run_dbt_and_capture

MODELS = {
    "tbl.sql": "{{ config(materialized='table') }}\nselect id from range(5)",
    "inc_append.sql": "{{ config(materialized='incremental', incremental_strategy='append') }}\n"
    "select id from range(3)",
    "inc_merge.sql": "{{ config(materialized='incremental', incremental_strategy='merge', unique_key='id') }}\n"
    "select id, 'x' as v from range(4)",
    "inc_overwrite.sql": "{{ config(materialized='incremental', incremental_strategy='insert_overwrite', "
    "partition_by=['p']) }}\nselect id, id % 2 as p from range(6)",
    # The second run replaces the p = 1 rows (ids 1 and 3) with one row; Delta also rewrites the
    # p = 0 rows of the same file (its numCopiedRows), which that statement did not write.
    "inc_replace.sql": "{{ config(materialized='incremental', incremental_strategy='replace_where', "
    "incremental_predicates=['p = 1']) }}\nselect id, id % 2 as p from range(4)\n"
    "{% if is_incremental() %}where id = 1{% endif %}",
    "a_view.sql": "{{ config(materialized='view') }}\nselect 1 as id",
    # Incremental runs that write nothing: an empty INSERT makes no Delta commit.
    "inc_append_none.sql": "{{ config(materialized='incremental', incremental_strategy='append') }}\n"
    "select id from range(3)\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}",
    "inc_overwrite_none.sql": "{{ config(materialized='incremental', incremental_strategy='insert_overwrite', "
    "partition_by=['p']) }}\nselect id, id % 2 as p from range(4)\n{% if is_incremental() %}where id > 100{% endif %}",
    "py_model.py": "def model(dbt, session):\n    return session.range(10)\n",
    # A model for another compute of the profile's (dbt-databricks' `compute:`).
    "on_other_compute.sql": "{{ config(materialized='table', databricks_compute='other') }}\nselect 1 as id",
}
SNAPSHOT = """{% snapshot snap %}
{{ config(unique_key='id', strategy='check', check_cols='all') }}
select id, 'a' as v from range(3)
{% endsnapshot %}
"""
SEED = "id,name\n1,a\n2,b\n3,c\n"

Build = tuple[dict[str, Any], str]


def rows(result: dict[str, Any]) -> Any:
    return result["adapter_response"].get("rows_affected")


def by_name(results: Any) -> dict[str, Any]:
    """Each node's result as run_results.json writes it."""
    return {result.node.name: result.to_dict() for result in results}


class TestEveryModelReportsWhatItDid:
    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return MODELS

    @pytest.fixture(scope="class")
    def dbt_profile_target(self, dbt_profile_target: dict[str, Any]) -> dict[str, Any]:
        return {**dbt_profile_target, "compute": {"other": {"http_path": "sql/1.0/warehouses/other"}}}

    @pytest.fixture(scope="class")
    def snapshots(self) -> dict[str, str]:
        return {"snap.sql": SNAPSHOT}

    @pytest.fixture(scope="class")
    def seeds(self) -> dict[str, str]:
        return {"people.csv": SEED}

    @pytest.fixture(scope="class")
    def builds(self, project: Any) -> tuple[Build, Build]:
        first = run_dbt(["build"])
        second, console = run_dbt_and_capture(["build"])
        return (by_name(first), ""), (by_name(second), console)

    def test_a_table_model_reports_the_rows_its_ctas_wrote(self, builds: tuple[Build, Build]) -> None:
        for results, _ in builds:
            assert rows(results["tbl"]) == 5
            assert results["tbl"]["adapter_response"]["delta_operation"] == "CREATE OR REPLACE TABLE AS SELECT"


    def test_each_incremental_strategy_reports_the_rows_it_wrote(self, builds: tuple[Build, Build]) -> None:
        (first, _), (second, _) = builds
        assert [rows(first[name]) for name in ("inc_append", "inc_merge", "inc_overwrite", "inc_replace")] == [3, 4, 6, 4]
        assert rows(second["inc_append"]) == 3  # appended again
        assert rows(second["inc_merge"]) == 4  # 4 rows matched and updated
        assert rows(second["inc_overwrite"]) == 6  # both partitions rewritten
        assert rows(second["inc_replace"]) == 1  # the row it inserted, not the p = 0 rows Delta copied


    def test_an_incremental_run_that_writes_no_rows_reports_zero_not_an_earlier_commits_rows(
        self, builds: tuple[Build, Build]
    ) -> None:
        (first, _), (second, _) = builds
        assert [rows(first[name]) for name in ("inc_append_none", "inc_overwrite_none")] == [3, 4]
        for name in ("inc_append_none", "inc_overwrite_none"):
            response = second[name]["adapter_response"]
            assert response["rows_affected"] == 0, response
            assert response.get("delta_version") in (None, 1), response  # not the first run's commit


    def test_seeds_and_snapshots_report_their_rows(self, builds: tuple[Build, Build]) -> None:
        (first, _), (second, _) = builds
        assert rows(first["people"]) == 3
        assert rows(second["people"]) == 3
        assert rows(first["snap"]) == 3
        assert rows(second["snap"]) == 0  # nothing changed: the snapshot merge touched no row


    def test_a_model_for_another_compute_runs_on_the_session_and_says_so(self, builds: tuple[Build, Build]) -> None:
        (_, _), (second, console) = builds
        assert second["on_other_compute"]["status"] == "success"
        assert ("model.test.on_other_compute sets databricks_compute='other': session mode runs every node "
                "on the run's SparkSession, so that compute is not used") in console

    def test_a_view_reports_no_rows(self, builds: tuple[Build, Build]) -> None:
        assert rows(builds[0][0]["a_view"]) is None


    def test_a_python_model_reports_its_spark_jobs(self, builds: tuple[Build, Build]) -> None:
        assert builds[0][0]["py_model"]["adapter_response"]["spark_job_ids"]


    def test_the_console_line_shows_the_rows(self, builds: tuple[Build, Build]) -> None:
        _, console = builds[1]
        line = next(line for line in console.splitlines() if re.search(r"OK created sql table model \S+\.tbl ", line))
        assert "[OK 5 in " in re.sub(r"\x1b\[[0-9;]*m", "", line)


    def test_each_model_reports_its_spark_jobs_task_time_and_bytes_written(self, builds: tuple[Build, Build]) -> None:
        for results, _ in builds:
            response = results["tbl"]["adapter_response"]
            assert response["spark_job_ids"], response
            assert response["spark_task_time_ms"] >= 0
            assert response["spark_bytes_written"] > 0
            assert 0 < response["spark_job_time_ms"] <= results["tbl"]["execution_time"] * 1000
