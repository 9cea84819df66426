"""Databricks-only model configs on OSS Spark: each model that uses one fails by itself, with an
error naming the model and the feature (adapter_py/dbt_session/oss_features.py), instead of a
Spark parse error about SQL the user never wrote; the other models still run."""

from pathlib import Path

import pytest
from dbt.tests.util import run_dbt, run_dbt_and_capture
from dbt_common.exceptions import DbtRuntimeError

from dbt_session.impl import DatabricksAdapterWithSession

_select = "select 1 as id, 'a@b.c' as email"

_columns_yml = """
version: 2
models:
  - name: masked
    columns:
      - name: email
        column_mask:
          function: redact_email
  - name: column_tagged
    columns:
      - name: email
        databricks_tags:
          pii: "true"
"""

_tagged_seed_yml = """
version: 2
seeds:
  - name: tagged_seed
    config:
      databricks_tags: {team: shop}
      row_filter: {function: only_mine, columns: [id]}
    columns:
      - name: email
        column_mask:
          function: redact_email
"""

# model name -> (config, what the error names)
_FEATURES = {
    "materialized_view_model": ("materialized='materialized_view'", "CREATE MATERIALIZED VIEW"),
    "streaming_table_model": ("materialized='streaming_table'", "CREATE STREAMING TABLE"),
    "tagged": ("materialized='table', databricks_tags={'team': 'shop'}", "databricks_tags"),
    "filtered": (
        "materialized='table', row_filter={'function': 'only_mine', 'columns': ['id']}",
        "SET ROW FILTER",
    ),
    "auto_clustered": ("materialized='table', auto_liquid_cluster=true", "CLUSTER BY AUTO"),
    "iceberg_table": ("materialized='table', table_format='iceberg'", "table_format='iceberg'"),
    "iceberg_by_catalog": (
        "materialized='incremental', catalog_name='iceberg_catalog'",
        "table_format='iceberg' of catalog_name='iceberg_catalog'",
    ),
    "masked": ("materialized='table'", "column_mask on column 'email'"),
    "column_tagged": ("materialized='table'", "databricks_tags on column 'email'"),
}


# A catalog integration (dbt's catalogs.yml) whose tables are Iceberg: a model names it with
# `catalog_name`, and dbt-databricks takes the table format from it (build_catalog_relation).
_iceberg_catalogs_yml = """
catalogs:
  - name: iceberg_catalog
    active_write_integration: hive_metastore
    write_integrations:
      - name: hive_metastore
        catalog_type: unity
        table_format: iceberg
        file_format: delta
"""


class TestDatabricksOnlyFeaturesFailAtTheirModel:
    @pytest.fixture(scope="class")
    def project_files(self, project_files, project_root):
        (Path(project_root) / "catalogs.yml").write_text(_iceberg_catalogs_yml)

    @pytest.fixture(scope="class")
    def models(self):
        models = {
            f"{name}.sql": f"{{{{ config({config}) }}}}\n{_select}"
            for name, (config, _) in _FEATURES.items()
        }
        models["plain.sql"] = f"{{{{ config(materialized='table') }}}}\n{_select}"
        models["columns.yml"] = _columns_yml
        models["deduplicated.sql"] = (
            "{{ config(materialized='table') }}\n"
            "select id from (select 1 as id) qualify row_number() over (order by id) = 1"
        )
        models["json_field.sql"] = (
            "{{ config(materialized='table') }}\n"
            "select raw:customer.id as customer_id from (select '{\"customer\": {\"id\": 7}}' as raw)"
        )
        models["catalog_listing.sql"] = "select table_name from hive_metastore.information_schema.tables"
        return models

    def test_each_feature_fails_its_model_by_name_and_plain_models_run(self, project):
        results = run_dbt(["run"], expect_pass=False)
        by_name = {result.node.name: result for result in results}
        assert str(by_name["plain"].status) == "success"
        for name, (_, feature) in _FEATURES.items():
            result = by_name[name]
            assert str(result.status) == "error", name
            assert f"model.test.{name} uses Databricks-only features" in result.message
            assert feature in result.message, result.message
            assert "OSS Spark" in result.message
        # Refused before any SQL ran: no relation was created for them.
        relations = {r.identifier for r in project.adapter.list_relations(
            database=project.database, schema=project.test_schema
        )}
        assert relations == {"plain"}

    @pytest.fixture(scope="class")
    def seeds(self):
        return {"tagged_seed.csv": "id,email\n1,a@b.c\n", "seeds.yml": _tagged_seed_yml}

    def test_a_seed_loads_with_the_configs_dbt_databricks_never_applies_to_seeds(self, project):
        # dbt-databricks' seed materialization sets no tags, masks or row filters, on
        # Databricks either: the same project loads here.
        (result,) = run_dbt(["seed"])
        assert str(result.status) == "success"
        assert project.run_sql("select * from {schema}.tagged_seed", fetch="all") == [(1, "a@b.c")]

    def test_databricks_only_syntax_fails_its_model_with_sparks_parse_error_and_the_way_out(self, project):
        # SQL the user wrote: Spark parses it (no refusal in advance); its error is explained.
        results = run_dbt(["run", "--select", "deduplicated", "json_field"], expect_pass=False)
        by_name = {result.node.name: result.message for result in results}
        assert all("[PARSE_SYNTAX_ERROR]" in message for message in by_name.values()), by_name
        qualify, json_path = by_name["deduplicated"], by_name["json_field"]
        assert "uses QUALIFY, a Databricks SQL clause that OSS Spark does not parse" in qualify
        assert "filter on the window function in an outer query" in qualify
        assert "reads a JSON field with `:` (column:field)" in json_path
        assert "get_json_object(column, '$.field')" in json_path

    def test_a_lookup_in_information_schema_fails_with_sparks_error_and_the_way_out(self, project):
        (result,) = run_dbt(["run", "--select", "catalog_listing"], expect_pass=False)
        assert "[TABLE_OR_VIEW_NOT_FOUND]" in result.message
        assert "`hive_metastore`.`information_schema`.`tables`" in result.message
        assert "`information_schema` exists only in Unity Catalog catalogs" in result.message
        assert "SHOW TABLES IN <schema>" in result.message

    @pytest.fixture(scope="class")
    def macros(self):
        # What packages write (elementary's artifact upload): a DELETE keyed by a subquery.
        return {"prune.sql": """
{% macro prune() %}
  {% do run_query("create table if not exists " ~ target.schema ~ ".pruned as select 1 as id") %}
  {% do run_query("delete from " ~ target.schema ~ ".pruned where id in (select id from "
                  ~ target.schema ~ ".pruned where id > 1)") %}
{% endmacro %}
{% macro prune_with_merge() %}
  {% do run_query("merge into " ~ target.schema ~ ".pruned as t using (select id from "
                  ~ target.schema ~ ".pruned where id > 1) as s on t.id = s.id "
                  ~ "when matched then delete") %}
{% endmacro %}
"""}

    def test_a_delete_keyed_by_a_subquery_fails_with_deltas_error_and_the_merge_to_write(self, project):
        _, output = run_dbt_and_capture(["run-operation", "prune"], expect_pass=False)
        assert "[DELTA_UNSUPPORTED_SUBQUERY]" in output
        assert "OSS Delta runs no subquery in the condition of a DELETE, UPDATE or MERGE" in output
        assert "WHEN MATCHED THEN DELETE" in output
        run_dbt(["run-operation", "prune_with_merge"])  # the way out runs

    def test_the_check_is_off_when_the_session_is_not_oss_spark(self, project, monkeypatch):
        # As on a Databricks Runtime: dbt-databricks' SQL reaches Spark unchanged, and OSS
        # Spark's own error is what comes back.
        monkeypatch.setattr(DatabricksAdapterWithSession, "_on_oss_spark", lambda self: False)
        (result,) = run_dbt(["run", "--select", "tagged"], expect_pass=False)
        assert "Databricks-only features" not in result.message
        assert "PARSE_SYNTAX_ERROR" in result.message or "TAGS" in result.message.upper()


_not_null_yml = """
version: 2
models:
  - name: {name}
    config:
      contract: {{enforced: true}}
    columns:
      - name: id
        data_type: int
        constraints:
          - type: {constraint}
            {expression}
      - name: name
        data_type: string
"""


def _contracted(name: str, materialized: str, constraint: str = "not_null") -> dict[str, str]:
    expression = "expression: 'id > 0'" if constraint == "check" else ""
    return {
        # dbt requires on_schema_change 'fail' or 'append_new_columns' for a contracted incremental.
        f"{name}.sql": f"{{{{ config(materialized='{materialized}', on_schema_change='fail') }}}}\n"
        "select 1 as id, 'a' as name",
        f"{name}.yml": _not_null_yml.format(name=name, constraint=constraint, expression=expression),
    }


class TestNotNullConstraintsAddedAfterCreateAreRefusedOnOssSpark:
    @pytest.fixture(scope="class")
    def models(self):
        return {
            **_contracted("contracted_table", "table"),
            **_contracted("contracted_incremental", "incremental"),
            **_contracted("checked_table", "table", constraint="check"),
        }

    def test_a_contracted_table_keeps_its_rows_and_the_error_names_column_and_flag(self, project):
        project.run_sql("create table {schema}.contracted_table (id int, name string) using delta")
        project.run_sql("insert into {schema}.contracted_table values (7, 'kept')")

        results = run_dbt(["run"], expect_pass=False)

        by_name = {result.node.name: result for result in results}
        assert str(by_name["checked_table"].status) == "success"  # CHECK works on OSS Delta
        table_error = by_name["contracted_table"].message
        assert "model.test.contracted_table has not_null constraints on id" in table_error
        assert "use_materialization_v2: true" in table_error
        assert "remove the not_null constraints" in by_name["contracted_incremental"].message
        assert project.run_sql("select * from {schema}.contracted_table", fetch="all") == [(7, "kept")]

    def test_an_incremental_run_into_an_existing_table_adds_no_constraint_and_runs(self, project):
        project.run_sql(
            "create or replace table {schema}.contracted_incremental (id int, name string) using delta"
        )

        run_dbt(["run", "--select", "contracted_incremental"])

        (result,) = run_dbt(
            ["run", "--select", "contracted_incremental", "--full-refresh"], expect_pass=False
        )
        assert "has not_null constraints on id" in result.message


class TestNotNullConstraintsWorkOnOssSparkWithMaterializationV2:
    @pytest.fixture(scope="class")
    def project_config_update(self):
        return {"flags": {"use_materialization_v2": True}}

    @pytest.fixture(scope="class")
    def models(self):
        return _contracted("contracted_table", "table")

    def test_the_table_is_created_with_a_not_null_column(self, project, spark):
        run_dbt(["run"])
        table = spark.table(f"{project.database}.{project.test_schema}.contracted_table")
        assert table.schema["id"].nullable is False
        assert [tuple(row) for row in table.collect()] == [(1, "a")]


_legacy_yml = """
version: 2
models:
  - name: legacy_not_null
    config:
      persist_constraints: true
    columns:
      - name: id
        meta:
          constraint: not_null
snapshots:
  - name: legacy_snapshot
    config:
      persist_constraints: true
    columns:
      - name: id
        meta:
          constraint: not_null
"""

_legacy_snapshot = """
{% snapshot legacy_snapshot %}
{{ config(unique_key='id', strategy='check', check_cols='all') }}
select 1 as id, 'a' as name
{% endsnapshot %}
"""

# model name -> (config, what the error names; None: runs)
_STRATEGIES = {
    "delete_insert": (
        "incremental_strategy='delete+insert', unique_key='id'",
        "incremental_strategy='merge' with the same unique_key",
    ),
    "overwrite_clustered": (
        "incremental_strategy='insert_overwrite', liquid_clustered_by=['id']",
        "use partition_by instead of liquid_clustered_by",
    ),
    # Without partitions nor clustering, Databricks overwrites the whole table too (dbt's
    # documented insert_overwrite fallback): the same on OSS Spark, not refused.
    "overwrite_plain": ("incremental_strategy='insert_overwrite'", None),
}


class TestStatementsOssDeltaCannotRunAreRefusedBeforeTheModelRuns:
    @pytest.fixture(scope="class")
    def models(self):
        models = {
            f"{name}.sql": f"{{{{ config(materialized='incremental', {config}) }}}}\n"
            "select 1 as id, 'a' as name"
            for name, (config, _) in _STRATEGIES.items()
        }
        models["python_clustered.py"] = (
            "def model(dbt, session):\n"
            "    dbt.config(materialized='table', liquid_clustered_by=['id'])\n"
            "    return session.range(1)\n"
        )
        models["legacy_not_null.sql"] = "{{ config(materialized='table') }}\nselect 1 as id, 'a' as name"
        models["legacy.yml"] = _legacy_yml
        return models

    @pytest.fixture(scope="class")
    def snapshots(self):
        return {"legacy_snapshot.sql": _legacy_snapshot}

    def test_each_is_refused_by_name_with_its_way_out_and_nothing_is_replaced(self, project):
        project.run_sql("create table {schema}.legacy_not_null (id int, name string) using delta")
        project.run_sql("insert into {schema}.legacy_not_null values (7, 'kept')")

        results = run_dbt(["build"], expect_pass=False)

        by_name = {result.node.name: result for result in results}
        for name, (_, way_out) in _STRATEGIES.items():
            result = by_name[name]
            if way_out is None:
                assert str(result.status) == "success", result.message
                continue
            assert str(result.status) == "error", name
            assert f"model.test.{name} uses incremental_strategy=" in result.message
            assert way_out in result.message, result.message
        python_clustered = by_name["python_clustered"].message
        assert "model.test.python_clustered uses liquid_clustered_by on a Python model" in python_clustered
        assert "DataFrameWriter.clusterBy" in python_clustered and "use partition_by" in python_clustered
        legacy = by_name["legacy_not_null"].message
        assert "model.test.legacy_not_null has not_null constraints on id (persist_constraints)" in legacy
        assert "contract" in legacy and "use_materialization_v2: true" in legacy
        snapshot = by_name["legacy_snapshot"].message
        assert "snapshot.test.legacy_snapshot has not_null constraints on id" in snapshot
        assert "remove persist_constraints" in snapshot
        assert project.run_sql("select * from {schema}.legacy_not_null", fetch="all") == [(7, "kept")]
        relations = {r.identifier for r in project.adapter.list_relations(
            database=project.database, schema=project.test_schema
        )}
        assert relations == {"legacy_not_null", "overwrite_plain"}

    def test_the_strategy_check_is_off_when_the_session_is_not_oss_spark(self, project, monkeypatch):
        # As on a Databricks Runtime (17.1+ runs delete+insert with REPLACE ON): the model's
        # first run is dbt-databricks' CREATE TABLE, unchanged.
        monkeypatch.setattr(DatabricksAdapterWithSession, "_on_oss_spark", lambda self: False)
        run_dbt(["run", "--select", "delete_insert"])


_evolving_model = """{{ config(materialized='incremental', unique_key='id', merge_with_schema_evolution=true) }}
{% if var('second_run', false) %} select 1 as id, 'X' as v, 'n' as nc union all select 2, 'Y', 'm'
{% else %} select 1 as id, 'x' as v {% endif %}
"""


class TestMergeWithSchemaEvolutionNeedsDeltasAutoMergeOnOssSpark:
    """OSS Delta 4.0 runs MERGE WITH SCHEMA EVOLUTION as a plain MERGE (no column added), and
    Spark 3.5 cannot parse it: without the session's auto-merge the model is refused by name."""

    @pytest.fixture(scope="class")
    def models(self):
        return {"evolving.sql": _evolving_model}

    def test_without_auto_merge_the_model_is_refused_naming_the_config_and_both_ways_out(self, project):
        (result,) = run_dbt(["run"], expect_pass=False)
        assert "model.test.evolving sets merge_with_schema_evolution=true" in result.message
        assert "on_schema_change='append_new_columns'" in result.message
        assert "--conf spark.databricks.delta.schema.autoMerge.enabled=true" in result.message
        assert project.adapter.get_relation(project.database, project.test_schema, "evolving") is None

    def test_with_auto_merge_the_new_column_is_added_with_its_values(self, project, spark):
        # As `--conf spark.databricks.delta.schema.autoMerge.enabled=true` at the start does:
        # each connection's session state takes the context's conf when it is made.
        context_conf = spark.sparkContext._jsc.sc().conf()
        context_conf.set("spark.databricks.delta.schema.autoMerge.enabled", "true")
        try:
            run_dbt(["run"])
            run_dbt(["run", "--vars", "{second_run: true}"])
        finally:
            context_conf.remove("spark.databricks.delta.schema.autoMerge.enabled")
        rows = project.run_sql("select id, v, nc from {schema}.evolving order by id", fetch="all")
        assert [tuple(row) for row in rows] == [(1, "X", "n"), (2, "Y", "m")]


_sources_yml = """
version: 2
sources:
  - name: raw
    schema: "{{ target.schema }}"
    freshness:
      warn_after: {count: 1, period: day}
    tables:
      - name: loaded
        loaded_at_field: loaded_at
      - name: from_history
"""


class TestSourceFreshnessFromDeltaHistoryIsRefusedOnOssSpark:
    @pytest.fixture(scope="class")
    def models(self):
        return {"sources.yml": _sources_yml}

    @pytest.fixture(autouse=True)
    def source_tables(self, project):
        for name in ("loaded", "from_history"):
            project.run_sql(
                f"create or replace table {{schema}}.{name} using delta "
                "as select current_timestamp() as loaded_at"
            )

    def test_a_source_without_loaded_at_field_is_refused_by_name(self, project):
        results = run_dbt(["source", "freshness"], expect_pass=False)
        by_name = {result.node.name: result for result in results}
        assert str(by_name["loaded"].status) == "pass"
        refused = by_name["from_history"]
        assert str(refused.status) == "runtime error"
        assert f"source table `hive_metastore`.`{project.test_schema.lower()}`.`from_history`" in refused.message
        assert "DESCRIBE HISTORY" in refused.message and "set `loaded_at_field`" in refused.message

    def test_the_check_is_off_when_the_session_is_not_oss_spark(self, project, monkeypatch):
        # As on a Databricks runtime: dbt-databricks' DESCRIBE HISTORY query reaches Spark.
        monkeypatch.setattr(DatabricksAdapterWithSession, "_on_oss_spark", lambda self: False)
        results = run_dbt(["source", "freshness", "--select", "source:raw.from_history"], expect_pass=False)
        (refused,) = results
        assert "needs Databricks" not in (refused.message or "")


# Round 2 replaces the row of part 'y'; `reordered` selects msg and color the other way round.
_replace_where_sql = """
{{ config(materialized='incremental', incremental_strategy='replace_where',
          incremental_predicates=["part = 'y'"]) }}
{% if var('round', 1) == 1 %}
select 1 as id, 'a' as msg, 'red' as color, 'x' as part
union all select 2, 'b', 'blue', 'y'
{% elif var('reordered', false) %}
select 2 as id, 'green' as color, 'B' as msg, 'y' as part
{% else %}
select 2 as id, 'B' as msg, 'green' as color, 'y' as part
{% endif %}
"""

_round_1 = [(1, "a", "red", "x"), (2, "b", "blue", "y")]


class TestReplaceWhereWithColumnsInAnotherOrderIsRefusedOnOssSpark:
    @pytest.fixture(scope="class")
    def models(self):
        return {"replaced.sql": _replace_where_sql}

    def _rows(self, project) -> list[tuple]:
        rows = project.run_sql("select id, msg, color, part from {schema}.replaced order by id", fetch="all")
        return [tuple(row) for row in rows]

    def test_a_model_in_the_tables_column_order_replaces_the_rows_the_predicate_selects(self, project):
        run_dbt(["run", "--full-refresh"])
        run_dbt(["run", "--vars", "round: 2"])
        assert self._rows(project) == [(1, "a", "red", "x"), (2, "B", "green", "y")]

    def test_a_reordered_select_list_is_refused_naming_both_orders_and_the_rows_stay(self, project):
        run_dbt(["run", "--full-refresh"])

        (result,) = run_dbt(["run", "--vars", "{round: 2, reordered: true}"], expect_pass=False)

        assert "model.test.replaced uses incremental_strategy='replace_where'" in result.message
        assert "the table has (id, msg, color, part)" in result.message
        assert "the model selects (id, color, msg, part)" in result.message
        assert "select the columns in the table's order (id, msg, color, part)" in result.message
        assert self._rows(project) == _round_1

    def test_the_check_is_off_when_the_session_is_not_oss_spark(self, project, monkeypatch):
        # As on a Databricks runtime below 18: dbt-databricks' positional INSERT runs unchanged
        # and writes msg into color and color into msg, the mistake the refusal prevents.
        monkeypatch.setattr(DatabricksAdapterWithSession, "_on_oss_spark", lambda self: False)
        run_dbt(["run", "--full-refresh"])
        run_dbt(["run", "--vars", "{round: 2, reordered: true}"])
        assert self._rows(project) == [(1, "a", "red", "x"), (2, "green", "B", "y")]


class TestUnityCatalogNamesInTheProjectAreRefusedOnOssSpark:
    @pytest.fixture(scope="class")
    def models(self):
        return {
            "in_unity_catalog.sql": "{{ config(materialized='table', database='analytics') }}\nselect 1 as id",
            "plain.sql": "select 1 as id",
        }

    def test_the_run_names_the_model_and_its_catalog_and_builds_nothing(self, project):
        with pytest.raises(DbtRuntimeError) as refused:
            run_dbt(["run", "--select", "plain"])
        assert "model.test.in_unity_catalog (catalog 'analytics')" in str(refused.value)
        assert "nothing was run" in str(refused.value)
        with project.adapter.connection_named("__test"):
            relations = project.adapter.list_relations(database=project.database, schema=project.test_schema)
        assert relations == []
