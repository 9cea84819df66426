"""A model's `grants` on OSS Spark, which has no GRANT statement: the models are built, the
grants are skipped, and the run says so once (adapter_py/dbt_session/grants.py). On a
Databricks runtime dbt-databricks' GRANT statements run unchanged."""

import pytest
from dbt.tests.util import run_dbt_and_capture

from dbt_session.impl import DatabricksAdapterWithSession

_GRANTS = "grants={'select': ['analysts'], 'modify': ['engineers']}"

_WARNING = "Grants are not applied on OSS Spark"


class TestGrantsOnOssSpark:
    @pytest.fixture(scope="class")
    def models(self):
        return {
            "granted_table.sql": f"{{{{ config(materialized='table', {_GRANTS}) }}}}\n"
            "select id from {{ ref('granted_seed') }}",
            "granted_view.sql": f"{{{{ config(materialized='view', {_GRANTS}) }}}}\n"
            "select id from {{ ref('granted_table') }}",
            "granted_incremental.sql": f"{{{{ config(materialized='incremental', {_GRANTS}) }}}}\n"
            "select id from {{ ref('granted_table') }}",
        }

    @pytest.fixture(scope="class")
    def seeds(self):
        return {"granted_seed.csv": "id\n1\n2\n3\n"}

    @pytest.fixture(scope="class")
    def project_config_update(self):
        return {"seeds": {"+grants": {"select": ["analysts"]}}}

    def test_models_with_grants_are_built_and_rebuilt_with_one_warning_per_run(self, project):
        for _ in range(2):  # the second run rebuilds existing relations (dbt's revoke path)
            results, output = run_dbt_and_capture(["build"])
            assert len(results) == 4
            assert output.count(_WARNING) == 1, output
        assert "(modify, select)" in output or "(select)" in output
        rows = project.run_sql(
            f"select count(*) from {project.test_schema}.granted_incremental", fetch="one"
        )
        assert rows[0] == 6  # the incremental appended the three rows twice

    def test_on_a_databricks_runtime_the_grant_statements_run(self, project, monkeypatch):
        monkeypatch.setattr(DatabricksAdapterWithSession, "_on_oss_spark", lambda self: False)
        results, output = run_dbt_and_capture(
            ["--debug", "run", "--select", "granted_table"], expect_pass=False
        )
        # dbt-databricks compares the existing table's grants first (SHOW GRANTS), which OSS
        # Spark cannot parse: its own error comes back, and nothing was skipped.
        assert "show grants on" in output.lower()
        assert "PARSE_SYNTAX_ERROR" in results[0].message
        assert _WARNING not in output
