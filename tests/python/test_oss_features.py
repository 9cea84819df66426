"""Which model configs dbt-session names as Databricks-only before a model runs on OSS Spark."""

from types import SimpleNamespace

import pytest
from dbt_common.exceptions import DbtRuntimeError

from dbt_session.oss_features import databricks_only_features, reject_databricks_only_features


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
