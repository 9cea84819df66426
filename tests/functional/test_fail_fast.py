"""`--fail-fast` on the `method: session` profile: dbt cancels the open connections at the first
failure (RunnableTask.execute_nodes), then still runs the on-run-end hooks on its `master`
connection, where packages such as dbt_artifacts record the run. The cancel refuses the nodes'
later work and leaves the hooks' connection working, as dbt-core's
SQLConnectionManager.cancel_open leaves the caller's connection open."""

import time
from typing import Any

import pytest
from dbt.tests.util import run_dbt
from dbt_common.invocation import reset_invocation_id

# The hook records how many results the run had, under this run's invocation id.
PROJECT_CONFIG = {
    "on-run-start": ["create table if not exists {{ target.schema }}.run_log (invocation string, results int)"],
    "on-run-end": ["insert into {{ target.schema }}.run_log values ('{{ invocation_id }}', {{ results | length }})"],
}


class TestFailFastStillRunsTheOnRunEndHooks:
    @pytest.fixture(scope="class")
    def project_config_update(self) -> dict[str, Any]:
        return PROJECT_CONFIG

    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return {"fine.sql": "select 1 as id", "broken.sql": "select * from this_relation_does_not_exist"}

    def test_the_failed_run_is_recorded_by_its_on_run_end_hook(self, project: Any) -> None:
        results = run_dbt(["run", "--fail-fast", "--threads", "1"], expect_pass=False)
        statuses = {result.node.name: str(result.status) for result in results}
        assert statuses["broken"] == "error", statuses
        assert "TABLE_OR_VIEW_NOT_FOUND" in next(r.message for r in results if r.node.name == "broken")
        reset_invocation_id()  # the cancelled invocation's other connections stay refused
        logged = project.run_sql("select results from {schema}.run_log", fetch="all")
        assert [row[0] for row in logged] == [2]  # the two models' results


# Two minutes of pure Python unless something stops it; the failing model gives it three
# seconds to start.
LOOPING_MODEL = """
import time

def model(dbt, session):
    dbt.config(materialized="table")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.05)
    return session.range(1)
"""

FAILING_MODEL = """
import time

def model(dbt, session):
    time.sleep(3)
    raise ValueError("this model fails")
    return session.range(1)
"""


class TestFailFastStopsAPythonModelRunningPythonCode:
    @pytest.fixture(scope="class")
    def models(self) -> dict[str, str]:
        return {"loops.py": LOOPING_MODEL, "fails.py": FAILING_MODEL}

    def test_the_looping_model_stops_at_the_cancel_and_writes_nothing(self, project: Any) -> None:
        started = time.monotonic()
        results = run_dbt(["run", "--fail-fast", "--threads", "2"], expect_pass=False)
        assert time.monotonic() - started < 60, "the looping model ran on after the cancel"
        statuses = {result.node.name: str(result.status) for result in results}
        assert statuses == {"fails": "error", "loops": "skipped"}, statuses
        reset_invocation_id()
        tables = project.run_sql("show tables in {schema}", fetch="all")
        assert [row[1] for row in tables] == []
