"""dbt_session.run: dbt in this process, on a SparkSession the caller holds."""

from pathlib import Path
from typing import Any

import dbt_session
from dbt_session.native import native


def write_project(root: Path, schema: str) -> Path:
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text("name: in_process\nversion: '1.0'\nconfig-version: 2\nprofile: in_process\n")
    (root / "profiles.yml").write_text(
        "in_process:\n  target: t\n  outputs:\n    t:\n      type: databricks\n      method: session\n"
        f"      schema: {schema}\n      threads: 1\n"
    )
    (root / "models" / "numbers.sql").write_text("{{ config(materialized='table') }}\nselect id from range(4)")
    (root / "models" / "doubled.py").write_text(
        "def model(dbt, session):\n    return dbt.ref('numbers').selectExpr('id * 2 as id')\n"
    )
    return root


def test_run_builds_sql_and_python_models_on_the_callers_session_and_leaves_it_running(
    spark: Any, schema: str, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "project", schema)
    result = dbt_session.run(
        ["run", "--project-dir", str(project), "--profiles-dir", str(project)], spark=spark
    )
    assert result.success, result.exception
    assert [r.status for r in result.result] == ["success", "success"]
    # The caller's session sees the tables and is still usable; the bindings still hold it.
    assert spark.table(f"hive_metastore.{schema}.doubled").agg({"id": "sum"}).collect()[0][0] == 12
    assert native.session() is spark


def test_a_failing_model_gives_an_unsuccessful_result_not_an_exception(
    spark: Any, schema: str, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "project", schema)
    (project / "models" / "broken.sql").write_text("select * from no_such_table_anywhere")
    result = dbt_session.run(
        ["run", "--project-dir", str(project), "--profiles-dir", str(project), "--select", "broken"],
        spark=spark,
    )
    assert not result.success
    assert "TABLE_OR_VIEW_NOT_FOUND" in str(result.result[0].message)
