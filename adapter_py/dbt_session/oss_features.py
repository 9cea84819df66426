"""Databricks-only model configs, refused by name before a model runs on OSS Spark.

dbt-databricks renders these configs as SQL that only Databricks (Unity Catalog, Databricks
SQL, Delta on the Databricks Runtime) parses: ``ALTER ... SET TAGS``, ``SET MASK``,
``SET ROW FILTER``, ``CREATE MATERIALIZED VIEW``, ``CREATE STREAMING TABLE``,
``CLUSTER BY AUTO``. OSS Spark answers them with a parse error about the SQL text, often
after the table was already replaced. Checked per model (dbt's ``pre_model_hook``), only when
the session is OSS Spark; on Databricks nothing here runs.
"""

from collections.abc import Mapping
from typing import Any

from dbt_common.exceptions import DbtRuntimeError

# materialized: what Databricks builds (and OSS Spark has no SQL for).
_MATERIALIZATIONS = {
    "materialized_view": "Databricks SQL materialized views: CREATE MATERIALIZED VIEW",
    "streaming_table": "Databricks SQL streaming tables: CREATE STREAMING TABLE",
}

# model config key: the Databricks feature dbt-databricks renders it as.
_MODEL_CONFIGS = {
    "databricks_tags": "Unity Catalog tags: ALTER ... SET TAGS",
    "row_filter": "Unity Catalog row filters: ALTER TABLE ... SET ROW FILTER",
    "auto_liquid_cluster": "automatic liquid clustering: CLUSTER BY AUTO",
}

# column property (dbt keeps unknown column keys in ColumnInfo._extra, where dbt-databricks'
# ColumnMaskProcessor / ColumnTagsProcessor read them): the Databricks feature.
_COLUMN_PROPERTIES = {
    "column_mask": "Unity Catalog column masks: ALTER TABLE ... ALTER COLUMN ... SET MASK",
    "databricks_tags": "Unity Catalog column tags: ALTER TABLE ... ALTER COLUMN ... SET TAGS",
}


def _column_properties(column: Any) -> Mapping[str, Any]:
    if isinstance(column, Mapping):
        return column
    return getattr(column, "_extra", None) or {}


def databricks_only_features(node: Any) -> list[str]:
    """Each Databricks-only config the node sets, named with the SQL it would need."""
    config = node.config
    features = []
    materialized = config.get("materialized")
    if materialized in _MATERIALIZATIONS:
        features.append(f"materialized='{materialized}' ({_MATERIALIZATIONS[materialized]})")
    for key, feature in _MODEL_CONFIGS.items():
        if config.get(key):
            features.append(f"{key} ({feature})")
    for name, column in (getattr(node, "columns", None) or {}).items():
        properties = _column_properties(column)
        for key, feature in _COLUMN_PROPERTIES.items():
            if properties.get(key):
                features.append(f"{key} on column '{name}' ({feature})")
    return features


def reject_databricks_only_features(node: Any) -> None:
    """Raises, naming the node and each feature, when the node needs Databricks."""
    features = databricks_only_features(node)
    if features:
        raise DbtRuntimeError(
            f"{node.unique_id} uses Databricks-only features that OSS Spark + Delta do not have: "
            f"{'; '.join(features)}. This session runs on OSS Spark (no Databricks Runtime): "
            "remove these configs for local runs, or run the model on Databricks."
        )
