"""Which model configs dbt-session names as Databricks-only before a model runs on OSS Spark."""

from types import SimpleNamespace

import pytest
from dbt_common.exceptions import DbtRuntimeError

from dbt_session.oss_features import (
    databricks_only_features,
    not_null_columns,
    reject_databricks_only_features,
    reject_not_null_after_create,
    reject_reordered_replace_where,
    reject_unity_catalog_relations,
    unity_catalog_relations,
)


def node(config: dict, columns: dict | None = None) -> SimpleNamespace:
    return SimpleNamespace(unique_id="model.shop.orders", config=config, columns=columns or {})


def test_a_plain_delta_table_needs_nothing_from_databricks() -> None:
    plain = node(
        {"materialized": "incremental", "liquid_clustered_by": ["id"], "tblproperties": {"a": "b"}}
    )
    assert databricks_only_features(plain) == []
    reject_databricks_only_features(plain)


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({"materialized": "materialized_view"}, "CREATE MATERIALIZED VIEW"),
        ({"materialized": "streaming_table"}, "CREATE STREAMING TABLE"),
        ({"materialized": "metric_view"}, "WITH METRICS"),
        ({"databricks_tags": {"team": "shop"}}, "databricks_tags (Unity Catalog tags"),
        ({"row_filter": {"function": "only_mine", "columns": ["id"]}}, "SET ROW FILTER"),
        ({"auto_liquid_cluster": True}, "CLUSTER BY AUTO"),
    ],
)
def test_each_databricks_only_model_config_is_named_with_its_sql(config: dict, named: str) -> None:
    (feature,) = databricks_only_features(node(config))
    assert named in feature


def test_column_masks_and_column_tags_are_named_with_their_column() -> None:
    columns = {
        "email": SimpleNamespace(_extra={"column_mask": {"function": "redact"}}),
        "region": SimpleNamespace(_extra={"databricks_tags": {"pii": "no"}}),
        "id": SimpleNamespace(_extra={}),
    }
    assert [f.split(" (")[0] for f in databricks_only_features(node({}, columns))] == [
        "column_mask on column 'email'",
        "databricks_tags on column 'region'",
    ]


def test_the_error_names_the_model_and_every_feature() -> None:
    with pytest.raises(DbtRuntimeError) as raised:
        reject_databricks_only_features(
            node({"materialized": "materialized_view", "databricks_tags": {"a": "b"}})
        )
    message = str(raised.value)
    assert "model.shop.orders" in message
    assert "materialized='materialized_view'" in message and "databricks_tags" in message
    assert "OSS Spark" in message


def test_liquid_clustering_is_refused_on_a_python_model_only() -> None:
    python_model = node({"materialized": "table", "liquid_clustered_by": ["id"]})
    python_model.language = "python"
    with pytest.raises(DbtRuntimeError, match="liquid_clustered_by on a Python model"):
        reject_databricks_only_features(python_model)
    sql_model = node({"materialized": "table", "liquid_clustered_by": ["id"]})
    sql_model.language = "sql"
    reject_databricks_only_features(sql_model)  # CREATE TABLE ... CLUSTER BY runs on OSS Delta
    python_model.config = {"materialized": "table", "partition_by": ["id"]}
    reject_databricks_only_features(python_model)


def test_an_iceberg_table_format_is_refused_whatever_its_case() -> None:
    assert databricks_only_features(node({"materialized": "incremental", "table_format": "Iceberg"})) == [
        "table_format='iceberg' (Iceberg tables: Delta UniForm or managed Iceberg, Databricks Runtime 14.3+)"
    ]
    assert databricks_only_features(node({"materialized": "table", "table_format": "default"})) == []


def test_an_iceberg_format_from_a_catalog_integration_is_refused_naming_the_catalog() -> None:
    # The adapter passes the format dbt-databricks resolves through the model's catalog_name.
    by_catalog = node({"materialized": "incremental", "catalog_name": "lake"})
    assert databricks_only_features(by_catalog, "iceberg") == [
        "table_format='iceberg' of catalog_name='lake' (Iceberg tables: Delta UniForm or managed Iceberg, "
        "Databricks Runtime 14.3+)"
    ]
    assert databricks_only_features(by_catalog, "default") == []


def test_configs_dbt_databricks_never_applies_to_a_seed_or_snapshot_are_not_refused() -> None:
    config = {"databricks_tags": {"team": "shop"}, "row_filter": {"function": "f", "columns": ["id"]}}
    columns = {"email": {"column_mask": {"function": "redact"}, "databricks_tags": {"pii": "true"}}}
    seed = node(config, columns)
    seed.resource_type = "seed"
    assert databricks_only_features(seed) == []
    snapshot = node(config, columns)
    snapshot.resource_type = "snapshot"  # its materialization sets tags, never masks or filters
    assert databricks_only_features(snapshot) == [
        "databricks_tags (Unity Catalog tags: ALTER ... SET TAGS)",
        "databricks_tags on column 'email' (Unity Catalog column tags: ALTER TABLE ... ALTER COLUMN ... SET TAGS)",
    ]


def contracted(enforced: bool = True, columns: dict | None = None, constraints: list | None = None,
               materialized: str = "table") -> SimpleNamespace:
    model = node({"materialized": materialized}, columns)
    model.contract = SimpleNamespace(enforced=enforced)
    model.constraints = constraints or []
    return model


def test_not_null_columns_come_from_column_and_model_constraints_without_repeats() -> None:
    columns = {
        "id": SimpleNamespace(constraints=[{"type": "not_null"}, {"type": "check", "expression": "id > 0"}]),
        "name": SimpleNamespace(constraints=[]),
    }
    model_constraints = [{"type": "not_null", "columns": ["id", "placed_at"]}, {"type": "check"}]
    assert not_null_columns(contracted(columns=columns, constraints=model_constraints)) == ["id", "placed_at"]


def test_not_null_columns_are_none_without_an_enforced_contract() -> None:
    # dbt-databricks only applies constraints when the contract is enforced.
    columns = {"id": SimpleNamespace(constraints=[{"type": "not_null"}])}
    assert not_null_columns(contracted(enforced=False, columns=columns)) == []


def test_not_null_error_for_a_table_names_the_columns_and_the_v2_flag() -> None:
    with pytest.raises(DbtRuntimeError) as raised:
        reject_not_null_after_create(contracted(), ["id", "placed_at"])
    message = str(raised.value)
    assert "model.shop.orders has not_null constraints on id, placed_at" in message
    assert "use_materialization_v2: true" in message
    assert "The table was left as it was" in message


def test_not_null_error_for_an_incremental_model_does_not_offer_the_v2_flag() -> None:
    with pytest.raises(DbtRuntimeError) as raised:
        reject_not_null_after_create(contracted(materialized="incremental"), ["id"])
    assert "remove the not_null constraints for local runs" in str(raised.value)


@pytest.mark.parametrize(
    "new_columns",
    [
        ["id", "msg", "part"],  # the table's order
        ["ID", "Msg", "part"],  # Spark compares names case-insensitively
        ["id", "part"],  # another set of columns: dbt's on_schema_change decides
        ["part", "msg", "id", "extra"],
    ],
)
def test_replace_where_is_not_refused_unless_only_the_order_differs(new_columns: list[str]) -> None:
    reject_reordered_replace_where("model.shop.orders", "replace_where", ["id", "msg", "part"], new_columns)


def test_replace_where_with_the_columns_in_another_order_names_the_model_and_both_orders() -> None:
    with pytest.raises(DbtRuntimeError) as refused:
        reject_reordered_replace_where("model.shop.orders", "microbatch", ["id", "msg", "part"], ["part", "id", "msg"])
    message = str(refused.value)
    assert "model.shop.orders uses incremental_strategy='microbatch'" in message
    assert "the table has (id, msg, part), the model selects (part, id, msg)" in message
    assert "select the columns in the table's order (id, msg, part)" in message


def test_nodes_outside_the_session_catalog_are_named_with_their_catalog() -> None:
    nodes = [
        SimpleNamespace(unique_id="model.shop.local", database="hive_metastore"),
        SimpleNamespace(unique_id="model.shop.upper", database="HIVE_METASTORE"),
        SimpleNamespace(unique_id="model.shop.spark", database="spark_catalog"),
        SimpleNamespace(unique_id="model.shop.unset", database=None),
        SimpleNamespace(unique_id="model.shop.in_uc", database="analytics"),
    ]
    found = unity_catalog_relations(nodes)
    assert found == [("model.shop.in_uc", "analytics")]
    with pytest.raises(DbtRuntimeError) as refused:
        reject_unity_catalog_relations(found)
    message = str(refused.value)
    assert "model.shop.in_uc (catalog 'analytics')" in message
    assert "nothing was run" in message and "hive_metastore" in message


def test_a_long_list_of_unity_catalog_nodes_names_five_and_counts_the_rest() -> None:
    found = [(f"model.shop.m{i}", "main") for i in range(8)]
    with pytest.raises(DbtRuntimeError, match=r"model\.shop\.m4 \(catalog 'main'\) and 3 more"):
        reject_unity_catalog_relations(found)
