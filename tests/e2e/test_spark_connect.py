"""Spark Connect: a server started here (pyspark's SparkConnectServer, local[2], Delta, and the
hive_metastore alias dbt_session.SessionCatalogAlias in its config), and `dbt-session --remote`
building the topology project on it, SQL and Python models alike, then checking the alias's
name forms (alias_forms.py); then dbt_session.run(..., spark=<a Connect session>) in a Python
process that holds such a session."""

import subprocess
import textwrap
import time
from pathlib import Path


from conftest import RunDbtSession
from alias_forms import FIRST_RUN, FIRST_RUN_PASSES, SECOND_RUN, alias_forms_project, assert_alias_forms
from projects import session_target, write_project
from topology import python_executable


def client_script(url: str, body: str) -> str:
    """Runs `body` in a fresh Python process holding a Connect session `spark`; returns stdout."""
    script = f"from pyspark.sql import SparkSession\nspark = SparkSession.builder.remote({url!r}).create()\n"
    done = subprocess.run([python_executable(), "-c", script + textwrap.dedent(body)], capture_output=True,
                          text=True, timeout=900, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-6000:]
    return done.stdout


def test_remote_builds_sql_and_python_models_on_the_connect_server_where_the_alias_forms_hold(
    connect_server: str, run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    schema = "over_connect"
    project = alias_forms_project(tmp_path / "project", schema)
    started = time.monotonic()
    first = run_dbt_session(["--remote", connect_server, *FIRST_RUN], cwd=project)
    print(f"dbt-session --remote build: {time.monotonic() - started:.0f}s")
    assert first.returncode == 0, first.output[-8000:]
    assert FIRST_RUN_PASSES in first.stdout
    assert f"connect to the Spark Connect server {connect_server} (--remote was given)" in first.stderr
    assert not first.started_spark
    second = run_dbt_session(["--remote", connect_server, *SECOND_RUN], cwd=project)
    assert_alias_forms(project, schema, (first.returncode, first.output), (second.returncode, second.output))


def test_run_api_works_with_a_connect_session(connect_server: str, tmp_path: Path) -> None:
    project = write_project(tmp_path / "api_project", "in_process_connect", session_target("api_over_connect", threads=2), {
        "models/numbers.sql": "{{ config(materialized='table') }}\nselect id from range(4)",
        "models/doubled.py": "def model(dbt, session):\n    return dbt.ref('numbers').selectExpr('id * 2 as id')\n",
    })
    output = client_script(connect_server, f"""
        import dbt_session
        result = dbt_session.run(["run", "--project-dir", {str(project)!r}, "--profiles-dir", {str(project)!r}],
                                 spark=spark)
        assert result.success, result.exception
        print("SUM", spark.table("hive_metastore.api_over_connect.doubled").agg({{"id": "sum"}}).collect()[0][0])
        print("ALIVE", spark.range(3).count())
    """)
    assert "SUM 12" in output
    assert "ALIVE 3" in output
