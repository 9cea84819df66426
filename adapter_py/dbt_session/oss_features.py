"""Databricks-only model configs, refused by name before a model runs on OSS Spark.

dbt-databricks renders these configs as SQL that only Databricks (Unity Catalog, Databricks
SQL, Delta on the Databricks Runtime) parses: ``ALTER ... SET TAGS``, ``SET MASK``,
``SET ROW FILTER``, ``CREATE MATERIALIZED VIEW``, ``CREATE STREAMING TABLE``,
``CLUSTER BY AUTO``. OSS Spark answers them with a parse error about the SQL text, often
after the table was already replaced. Checked per model (dbt's ``pre_model_hook``), only when
the session is OSS Spark; on Databricks nothing here runs.

A contracted model's ``not_null`` constraints are refused the same way when dbt-databricks would
add them to a table it has just created (``ALTER TABLE ... CHANGE COLUMN ... SET NOT NULL``):
OSS Delta refuses NOT NULL on an existing column ("Cannot change nullable column to
non-nullable", delta-io/delta#831), after the table's rows were replaced.
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


def _field(container: Any, key: str) -> Any:
    # Nodes, columns and constraints reach the hook as dbt's dataclasses or as plain dicts.
    return container.get(key) if isinstance(container, Mapping) else getattr(container, key, None)


def _items(container: Any, key: str) -> list[Any]:
    return list(_field(container, key) or [])


def _is_not_null(constraint: Any) -> bool:
    return _field(constraint, "type") == "not_null"


def not_null_columns(node: Any) -> list[str]:
    """The columns an enforced contract declares not_null, by column or model constraint
    (dbt-databricks applies constraints only when the contract is enforced)."""
    contract = getattr(node, "contract", None)
    if not (contract and contract.enforced):
        return []
    columns = [name for name, column in (getattr(node, "columns", None) or {}).items()
               if any(_is_not_null(constraint) for constraint in _items(column, "constraints"))]
    for constraint in _items(node, "constraints"):
        if _is_not_null(constraint):
            columns.extend(column for column in _items(constraint, "columns") if column not in columns)
    return columns


def reject_not_null_after_create(node: Any, columns: list[str]) -> None:
    """Raises, naming the node, its not_null columns and what works on OSS Spark instead."""
    instead = (
        "set `use_materialization_v2: true` under `flags:` in dbt_project.yml (dbt-databricks "
        "then creates the table with NOT NULL columns, which OSS Delta accepts)"
        if node.config.get("materialized") == "table"
        else "remove the not_null constraints for local runs (dbt-databricks' "
        "use_materialization_v2 applies an incremental model's constraints only in Unity Catalog)"
    )
    raise DbtRuntimeError(
        f"{node.unique_id} has not_null constraints on {', '.join(columns)}: dbt-databricks adds "
        "them after creating the table with ALTER TABLE ... CHANGE COLUMN ... SET NOT NULL, which "
        "OSS Delta refuses on an existing column (Databricks accepts it). The table was left as "
        f"it was. On OSS Spark {instead}, or run the model on Databricks."
    )
