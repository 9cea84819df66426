"""dbt-databricks' own incremental strategies and Delta table configs on local Spark + Delta,
each checked by its effect on the table: its rows after a first and a second (incremental)
run, and what DESCRIBE DETAIL / SHOW TBLPROPERTIES / DESCRIBE HISTORY report.

Round 1 builds every model from rows 1 ('a', red, x) and 2 ('b', blue, y); round 2
(`--vars 'round: 2'`) brings 2 ('B', green, y) and 3 ('C', pink, z).
"""

import json

import pytest
from dbt.tests.util import relation_from_name, run_dbt

_rows = """
{% if var('round', 1) == 1 %}
select 1 as id, 'a' as msg, 'red' as color, 'x' as part
union all select 2, 'b', 'blue', 'y'
{% else %}
select 2 as id, 'B' as msg, 'green' as color, 'y' as part
union all select 3, 'C', 'pink', 'z'
{% endif %}
"""


def _incremental(config: str, rows: str = _rows) -> str:
    return f"{{{{ config(materialized='incremental', {config}) }}}}\n{rows}"


_replace_where_rows = _rows.replace("union all select 3, 'C', 'pink', 'z'", "")

# One day per row; round 2 corrects day 2 and adds a row on day 3.
_events_sql = """
{{ config(materialized='table', event_time='event_at') }}
{% if var('round', 1) == 1 %}
select 1 as id, 'first' as msg, timestamp'2020-01-01 10:00:00' as event_at
union all select 2, 'second', timestamp'2020-01-02 10:00:00'
{% else %}
select 1 as id, 'first' as msg, timestamp'2020-01-01 10:00:00' as event_at
union all select 2, 'second, corrected', timestamp'2020-01-02 10:00:00'
union all select 3, 'third', timestamp'2020-01-03 10:00:00'
{% endif %}
"""

_microbatch_sql = """
{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at',
          batch_size='day', begin='2020-01-01') }}
select * from {{ ref('events') }}
"""

_table_rows = "select 1 as id, 'a' as msg, 'x' as part union all select 2, 'b', 'y'"

_documented_yml = """
version: 2
models:
  - name: documented
    description: "Orders, one row per id"
    config:
      persist_docs: {relation: true, columns: true}
    columns:
      - name: id
        description: "The order's id"
"""

# Wider than Spark's 25-field display limit (spark.sql.debug.maxToStringFields), which DESCRIBE
# applies to the types dbt-databricks reads back and writes into DDL.
_wide_struct = "named_struct(" + ", ".join(f"'f{i}', {i}" for i in range(30)) + ")"

_wide_struct_added_sql = f"""
{{{{ config(materialized='incremental', on_schema_change='append_new_columns') }}}}
{{% if var('round', 1) == 1 %}}
select 1 as id
{{% else %}}
select 2 as id, {_wide_struct} as wide
{{% endif %}}
"""

MODELS = {
    "appended.sql": _incremental("incremental_strategy='append'"),
    "merged.sql": _incremental("incremental_strategy='merge', unique_key='id'"),
    "merged_update_columns.sql": _incremental(
        "incremental_strategy='merge', unique_key='id', merge_update_columns=['msg']"
    ),
    "merged_exclude_columns.sql": _incremental(
        "incremental_strategy='merge', unique_key='id', merge_exclude_columns=['color', 'part']"
    ),
    "merged_with_predicates.sql": _incremental(
        "incremental_strategy='merge', unique_key='id', "
        "incremental_predicates=['DBT_INTERNAL_DEST.id != 2']"
    ),
    "overwritten_partitions.sql": _incremental(
        "incremental_strategy='insert_overwrite', partition_by=['part']"
    ),
    "replaced_where.sql": _incremental(
        "incremental_strategy='replace_where', incremental_predicates=[\"part = 'y'\"]",
        _replace_where_rows,
    ),
    "events.sql": _events_sql,
    "microbatched.sql": _microbatch_sql,
    "liquid_clustered.sql": f"{{{{ config(materialized='table', liquid_clustered_by=['id']) }}}}\n{_table_rows}",
    "partitioned.sql": f"{{{{ config(materialized='table', partition_by=['part']) }}}}\n{_table_rows}",
    "zordered.sql": f"{{{{ config(materialized='table', zorder=['id']) }}}}\n{_table_rows}",
    "with_properties.sql": (
        "{{ config(materialized='table', "
        "tblproperties={'dbt_session.owner': 'shop', 'delta.appendOnly': 'false'}) }}\n"
        + _table_rows
    ),
    "documented.sql": "{{ config(materialized='table') }}\n" + _table_rows,
    "documented.yml": _documented_yml,
    "wide_struct_added.sql": _wide_struct_added_sql,
}


def _rows_of(project, name: str, columns: str = "id, msg, color") -> list[tuple]:
    relation = relation_from_name(project.adapter, name)
    return [
        tuple(row)
        for row in project.run_sql(f"select {columns} from {relation} order by all", fetch="all")
    ]


def _detail(project, name: str) -> dict:
    relation = relation_from_name(project.adapter, name)
    cursor_rows = project.run_sql(f"describe detail {relation}", fetch="all")
    columns = [
        "format", "id", "name", "description", "location", "createdAt", "lastModified",
        "partitionColumns", "clusteringColumns", "numFiles", "sizeInBytes", "properties",
    ]
    # The cursor hands nested values (arrays, maps) over as JSON text, as dbt's agate tables
    # take them.
    return {
        column: json.loads(value) if column.endswith("Columns") or column == "properties" else value
        for column, value in zip(columns, cursor_rows[0], strict=False)  # DESCRIBE DETAIL has more columns
    }


class TestDatabricksStrategiesOnLocalDelta:
    @pytest.fixture(scope="class")
    def models(self):
        return MODELS

    @pytest.fixture(scope="class", autouse=True)
    def two_rounds(self, project):
        window = ["--event-time-start", "2020-01-01", "--event-time-end", "2020-01-04"]
        assert len(run_dbt(["run", *window])) == len(MODELS) - 1
        # The incremental paths warn nothing from the macros (exceptions.warn: JinjaLogWarning):
        # dbt-databricks' REPLACE ON fallback warning is for runtimes that lack it, not OSS Spark
        # (dbt_session.behavior).
        errors = ["--warn-error-options", '{"error": ["JinjaLogWarning"]}']
        assert len(run_dbt([*errors, "run", *window, "--vars", "round: 2"])) == len(MODELS) - 1

    def test_append_adds_every_new_row(self, project):
        assert _rows_of(project, "appended") == [
            (1, "a", "red"), (2, "B", "green"), (2, "b", "blue"), (3, "C", "pink"),
        ]

    def test_merge_updates_matched_keys_and_inserts_new_ones(self, project):
        assert _rows_of(project, "merged") == [(1, "a", "red"), (2, "B", "green"), (3, "C", "pink")]

    def test_merge_update_columns_updates_only_those_columns(self, project):
        assert _rows_of(project, "merged_update_columns") == [
            (1, "a", "red"), (2, "B", "blue"), (3, "C", "pink"),
        ]

    def test_merge_exclude_columns_leaves_those_columns_alone(self, project):
        assert _rows_of(project, "merged_exclude_columns") == [
            (1, "a", "red"), (2, "B", "blue"), (3, "C", "pink"),
        ]

    def test_incremental_predicates_narrow_the_merge_target(self, project):
        # Target row 2 is outside the predicate: unmatched, the new row 2 is inserted beside it.
        assert _rows_of(project, "merged_with_predicates") == [
            (1, "a", "red"), (2, "B", "green"), (2, "b", "blue"), (3, "C", "pink"),
        ]

    def test_insert_overwrite_replaces_only_the_partitions_it_writes(self, project):
        assert _rows_of(project, "overwritten_partitions", "id, msg, part") == [
            (1, "a", "x"), (2, "B", "y"), (3, "C", "z"),
        ]
        assert _detail(project, "overwritten_partitions")["partitionColumns"] == ["part"]

    def test_replace_where_replaces_the_rows_the_predicate_selects(self, project):
        assert _rows_of(project, "replaced_where", "id, msg, part") == [(1, "a", "x"), (2, "B", "y")]

    def test_microbatch_reprocesses_each_day_of_the_window(self, project):
        assert _rows_of(project, "microbatched", "id, msg") == [
            (1, "first"), (2, "second, corrected"), (3, "third"),
        ]

    def test_liquid_clustered_by_sets_the_clustering_columns(self, project):
        assert _detail(project, "liquid_clustered")["clusteringColumns"] == ["id"]

    def test_partition_by_sets_the_partition_columns(self, project):
        assert _detail(project, "partitioned")["partitionColumns"] == ["part"]

    def test_zorder_optimizes_the_table_by_those_columns(self, project):
        relation = relation_from_name(project.adapter, "zordered")
        history = project.run_sql(f"describe history {relation}", fetch="all")
        optimizations = [
            json.loads(json.loads(row[5])["zOrderBy"]) for row in history if row[4] == "OPTIMIZE"
        ]
        assert ["id"] in optimizations

    def test_tblproperties_are_set_on_the_table(self, project):
        relation = relation_from_name(project.adapter, "with_properties")
        properties = dict(project.run_sql(f"show tblproperties {relation}", fetch="all"))
        assert properties["dbt_session.owner"] == "shop"
        assert properties["delta.appendOnly"] == "false"

    def test_persist_docs_comments_the_table_and_its_columns(self, project):
        relation = relation_from_name(project.adapter, "documented")
        rows = project.run_sql(f"describe table extended {relation}", fetch="all")
        assert ("id", "int", "The order's id") in [tuple(row) for row in rows]
        assert ["Orders, one row per id"] == [row[1] for row in rows if row[0] == "Comment"]

    def test_a_new_struct_column_wider_than_sparks_display_limit_keeps_every_field(self, project):
        # Its type goes through DESCRIBE into on_schema_change's ALTER TABLE ... ADD COLUMNS.
        assert _rows_of(project, "wide_struct_added", "id, wide.f0, wide.f29") == [
            (1, None, None), (2, 0, 29)
        ]


class TestWideStructsUnderMaterializationV2:
    # Materialization v2 creates the table from the column types DESCRIBE gives for the model's
    # query, then inserts into it.
    @pytest.fixture(scope="class")
    def project_config_update(self):
        return {"flags": {"use_materialization_v2": True}}

    @pytest.fixture(scope="class")
    def models(self):
        return {"wide_table.sql": f"{{{{ config(materialized='table') }}}}\nselect 1 as id, {_wide_struct} as wide"}

    def test_a_struct_wider_than_sparks_display_limit_keeps_every_field(self, project):
        run_dbt(["run"])
        run_dbt(["run"])  # the second run replaces the existing table
        assert _rows_of(project, "wide_table", "id, wide.f0, wide.f29") == [(1, 0, 29)]
