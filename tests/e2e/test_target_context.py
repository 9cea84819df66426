"""What packages read from dbt's Jinja `target` on a session target: `http_path` says "a cluster"
(public packages pick incremental strategies by `re.search("sql/protocol", target.http_path)`),
`host` is a string ("" when the profile has none), and both render at parse time without starting Spark."""

import json
from pathlib import Path

import pytest

from conftest import RunDbtSession
from projects import session_target, write_project

# The pattern public packages use to tell an all-purpose cluster from a SQL warehouse.
CLUSTER_TEST_MACRO = """
{% macro runs_on_a_cluster() %}
  {% set path_match = target.http_path %}
  {{ return(modules.re.search("sql/protocol", path_match) is not none) }}
{% endmacro %}
"""
MODEL = """
{{ config(materialized=('incremental' if runs_on_a_cluster() else 'table'),
          meta={'http_path': target.http_path, 'host': target.host | string}) }}
select 1 as id
"""


def project(root: Path, **target_keys: str) -> Path:
    return write_project(root, "target_context", session_target("target_context", **target_keys),
                         {"macros/cluster.sql": CLUSTER_TEST_MACRO, "models/m.sql": MODEL})


def model_config(run_dbt_session: RunDbtSession, root: Path) -> dict:
    run = run_dbt_session(["ls", "--profiles-dir", ".", "--output", "json", "--output-keys", "config"], cwd=root)
    assert run.returncode == 0, run.output
    assert not run.started_spark, run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, run.stdout
    return json.loads(lines[0])["config"]


def test_a_session_target_without_http_path_reads_as_a_cluster(run_dbt_session: RunDbtSession, tmp_path: Path) -> None:
    config = model_config(run_dbt_session, project(tmp_path / "p"))
    assert config["materialized"] == "incremental"
    assert config["meta"] == {"http_path": "sql/protocolv1/o/0/dbt-session", "host": ""}


@pytest.mark.parametrize(("http_path", "materialized"),
                         [("/sql/protocolv1/o/123/0123-456789-abcdef12", "incremental"),
                          ("/sql/1.0/warehouses/abc123", "table")],
                         ids=["cluster", "warehouse"])
def test_a_session_target_keeps_the_profiles_host_and_http_path(
    run_dbt_session: RunDbtSession, tmp_path: Path, http_path: str, materialized: str
) -> None:
    config = model_config(run_dbt_session,
                          project(tmp_path / "p", host="example.cloud.databricks.com", http_path=http_path))
    assert config["materialized"] == materialized
    assert config["meta"] == {"http_path": http_path, "host": "example.cloud.databricks.com"}
