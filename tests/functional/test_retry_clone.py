"""`dbt clone` (dbt-tests-adapter's clone suite) and `dbt retry` on the `method: session`
profile, local Spark + Delta. dbt-tests-adapter 1.20.0 has no base class for `dbt retry`; the
retry test here follows dbt-core's own: a failed node, fixed, is the only one `retry` runs."""

from collections import Counter

import pytest
from dbt.tests.adapter.dbt_clone.test_dbt_clone import (
    BaseClonePossible,
    BaseCloneSameTargetAndState,
)
from dbt.tests.util import run_dbt, write_file


class DropCloneSchemas:
    @pytest.fixture(autouse=True)
    def clean_up(self, project, other_schema):
        yield
        with project.adapter.connection_named("__test"):
            for schema in (other_schema, f"{project.test_schema}_seeds", project.test_schema):
                relation = project.adapter.Relation.create(database=project.database, schema=schema)
                project.adapter.drop_schema(relation)


class TestCloneInTheSession(DropCloneSchemas, BaseClonePossible):
    def test_can_clone_true(self, project, unique_schema, other_schema):
        """The base test without its `--full-refresh` step (see the next test)."""
        project.create_test_schema(other_schema)
        self.run_and_save_state(project.project_root, with_snapshot=True)
        clone_args = ["clone", "--state", "state", "--target", "otherschema"]

        assert len(run_dbt(clone_args)) == 4
        relations = project.adapter.list_relations(database=project.database, schema=other_schema)
        assert Counter(r.type for r in relations) == Counter({"table": 3, "view": 1})

        results = run_dbt(clone_args)  # the clones exist: no-op
        assert len(results) == 4
        assert all("no-op" in r.message.lower() for r in results)

        results = run_dbt([*clone_args, "--resource-type", "model"])
        assert len(results) == 2
        assert all("no-op" in r.message.lower() for r in results)

    def test_clone_full_refresh_onto_tables_is_refused_by_name(self, project, unique_schema, other_schema):
        """dbt-tests-adapter's test_clone_full_refresh expects `CREATE OR REPLACE TABLE <existing
        clone> SHALLOW CLONE <source>` to work, which OSS Delta refuses onto a non-empty table
        (DELTA_UNSUPPORTED_NON_EMPTY_CLONE): on OSS Spark those nodes are refused by name before
        any SQL, the view is replaced, and the tables stay as they were."""
        project.create_test_schema(other_schema)
        self.run_and_save_state(project.project_root, with_snapshot=True)
        clone_args = ["clone", "--state", "state", "--target", "otherschema"]
        run_dbt(clone_args)
        results = run_dbt([*clone_args, "--full-refresh"], expect_pass=False)
        statuses = Counter(str(r.status) for r in results)
        assert statuses == Counter({"error": 3, "success": 1}), statuses
        for result in results:
            if str(result.status) == "error":
                assert "would be cloned with --full-refresh onto its existing table" in result.message
                assert "DELTA_UNSUPPORTED_NON_EMPTY_CLONE" in result.message
        relations = project.adapter.list_relations(database=project.database, schema=other_schema)
        assert Counter(r.type for r in relations) == Counter({"table": 3, "view": 1})


class TestCloneSameTargetAndStateInTheSession(DropCloneSchemas, BaseCloneSameTargetAndState):
    pass


_good_sql = "select 1 as id"
_downstream_sql = "select id from {{ ref('flaky') }}"


class TestRetryRunsOnlyWhatFailedInTheSession:
    @pytest.fixture(scope="class")
    def models(self):
        return {
            "fine.sql": _good_sql,
            "flaky.sql": "select * from this_relation_does_not_exist",
            "downstream.sql": _downstream_sql,
        }

    def test_retry_after_fix(self, project):
        results = run_dbt(["run"], expect_pass=False)
        statuses = {r.node.name: str(r.status) for r in results}
        assert statuses == {"fine": "success", "flaky": "error", "downstream": "skipped"}

        write_file(_good_sql, project.project_root, "models", "flaky.sql")
        results = run_dbt(["retry"])
        assert sorted(r.node.name for r in results) == ["downstream", "flaky"]
        assert all(str(r.status) == "success" for r in results)

        # Nothing failed last time: retry has nothing to do.
        assert len(run_dbt(["retry"])) == 0
