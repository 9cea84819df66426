"""The `hive_metastore` alias holds for every name form dbt-databricks renders on OSS Spark:
rename targets (use_safer_relation_operations backs views and tables up by renaming them),
SHOW ... IN, DESCRIBE, and Spark's error messages name `hive_metastore`, the catalog the SQL
names (bindings/catalog_alias.hpp, include/macros/rename_relation.sql)."""

import pytest
from dbt.tests.util import run_dbt
from dbt_common.exceptions import DbtDatabaseError

from dbt_session.impl import DatabricksAdapterWithSession

_safe = "use_safer_relation_operations=true"

_MODELS = {
    "safe_view.sql": f"{{{{ config(materialized='view', {_safe}) }}}}\nselect 1 as id",
    "safe_table.sql": f"{{{{ config(materialized='table', {_safe}) }}}}\nselect 2 as id",
    "safe_incremental.sql": (
        f"{{{{ config(materialized='incremental', {_safe}) }}}}\nselect 3 as id"
    ),
}


class TestRenameTargetsInTheAliasCatalog:
    @pytest.fixture(scope="class")
    def project_config_update(self):
        # dbt-databricks' safe replace (stage, back up by renaming, rename into place) is part
        # of its v2 materializations.
        return {"flags": {"use_materialization_v2": True}}

    @pytest.fixture(scope="class")
    def models(self):
        return _MODELS

    def test_views_and_tables_are_replaced_by_renaming_them_in_hive_metastore(self, project):
        assert project.database == "hive_metastore"
        run_dbt(["run"])
        # The second run replaces each relation: backup rename, staging rename, drop backup.
        results = run_dbt(["run", "--full-refresh"])
        assert {str(r.status) for r in results} == {"success"}
        # What the catalog holds (dbt's cache still lists the view's backup: dbt-databricks
        # drops it with a plain statement).
        tables = {row[1] for row in project.run_sql("show tables in {database}.{schema}", fetch="all")}
        views = {row[1] for row in project.run_sql("show views in {database}.{schema}", fetch="all")}
        assert (tables, views) == ({"safe_view", "safe_table", "safe_incremental"}, {"safe_view"})
        for name, value in (("safe_view", 1), ("safe_table", 2), ("safe_incremental", 3)):
            rows = project.run_sql(f"select id from {{database}}.{{schema}}.{name}", fetch="all")
            assert rows == [(value,)], name

    def test_on_a_databricks_runtime_the_rename_target_keeps_its_catalog(self, project, monkeypatch):
        # As on a Databricks runtime: dbt-databricks' three-part target reaches Spark unchanged
        # (the parity test pins that SQL), and OSS Spark refuses it.
        monkeypatch.setattr(DatabricksAdapterWithSession, "_on_oss_spark", lambda self: False)
        (result,) = run_dbt(["run", "--select", "safe_view"], expect_pass=False)
        assert "IDENTIFIER_TOO_MANY_NAME_PARTS" in result.message
        assert f"`hive_metastore`.`{project.test_schema.lower()}`.`safe_view__dbt_backup`" in result.message


class TestNameFormsOfTheAliasCatalog:
    @pytest.fixture(scope="class")
    def models(self):
        return {"base.sql": "{{ config(materialized='table') }}\nselect 1 as id",
                "base_view.sql": "select id from {{ ref('base') }}"}

    def test_show_and_describe_statements_accept_the_catalog(self, project):
        run_dbt(["run"])
        schema = f"hive_metastore.{project.test_schema}"
        statements = {
            f"show tables in {schema}": 2,
            f"show views in {schema}": 1,
            f"show table extended in {schema} like 'base'": 1,
            "show schemas in `hive_metastore`": None,
            f"describe table {schema}.base": 1,
            f"describe table extended {schema}.base_view": None,
            f"describe history {schema}.base": 1,
            f"describe detail {schema}.base": 1,
            f"show tblproperties {schema}.base": None,
        }
        for sql, count in statements.items():
            rows = project.run_sql(sql, fetch="all")
            assert rows, sql
            if count is not None:
                assert len(rows) == count, (sql, rows)
        project.run_sql(f"alter table {schema}.base alter column id comment 'the key'")
        project.run_sql(f"alter view {schema}.base_view rename to {project.test_schema}.renamed")
        project.run_sql(f"alter view {schema}.renamed rename to base_view")
        assert project.run_sql(f"select {project.test_schema}.base.id from {schema}.base", fetch="all") == [(1,)]

    def test_errors_name_the_catalog_the_sql_names(self, project):
        run_dbt(["run"])
        schema = f"hive_metastore.{project.test_schema}"

        def error_of(sql: str) -> str:
            with project.adapter.connection_named("__test"):
                with pytest.raises(DbtDatabaseError) as raised:
                    project.adapter.execute(sql)
            return str(raised.value)

        dropped = error_of(f"drop view {schema}.base")
        assert f"hive_metastore.{project.test_schema}.base is a" in dropped, dropped
        assert "spark_catalog" not in dropped
        # A column cannot be qualified with the catalog on OSS Spark (the session catalog
        # qualifies its columns with its own name): the message says what to write.
        qualified = error_of(f"select {schema}.base.id from {schema}.base")
        assert "UNRESOLVED_COLUMN" in qualified and "spark_catalog" not in qualified
        assert f"[`{project.test_schema}`.`base`.`id`]" in qualified, qualified
        assert "a column reference cannot name the catalog" in qualified
