"""Databricks-only model configs, refused by name before a model runs on OSS Spark.

dbt-databricks renders these configs as SQL that only Databricks (Unity Catalog, Databricks
SQL, Delta on the Databricks Runtime) parses: ``ALTER ... SET TAGS``, ``SET MASK``,
``SET ROW FILTER``, ``CREATE MATERIALIZED VIEW``, ``CREATE STREAMING TABLE``,
``CREATE VIEW ... WITH METRICS``, ``CLUSTER BY AUTO``, Iceberg tables. OSS Spark answers them with a parse error about the SQL text, often
after the table was already replaced. Checked per model (dbt's ``pre_model_hook``), only when
the session is OSS Spark; on Databricks nothing here runs.

A contracted model's ``not_null`` constraints are refused the same way when dbt-databricks would
add them to a table it has just created (``ALTER TABLE ... CHANGE COLUMN ... SET NOT NULL``):
OSS Delta refuses NOT NULL on an existing column ("Cannot change nullable column to
non-nullable", delta-io/delta#831), after the table's rows were replaced. dbt-databricks'
legacy ``persist_constraints`` config (a column's ``meta: {constraint: not_null}``) reaches the
same ALTER, with or without a contract.

Two incremental strategies are refused because OSS Delta cannot run what dbt-databricks renders
for them without ``INSERT ... REPLACE ON`` (Databricks Runtime 17.1+): ``delete+insert`` deletes
with a subquery (``DELETE ... WHERE k IN (SELECT ...)`` or ``EXISTS (SELECT ...)``, refused by
OSS Delta with DELTA_UNSUPPORTED_SUBQUERY), and ``insert_overwrite`` on a liquid-clustered model
falls back to an INSERT OVERWRITE without a partition clause, which replaces the whole table.
A Python model's ``liquid_clustered_by`` is refused too: dbt-databricks writes it with
``DataFrameWriter.clusterBy``, which OSS Delta refuses for a DataFrame write.

An incremental model written with ``INSERT INTO <table> REPLACE WHERE ... TABLE <new rows>``
(``replace_where``, and ``microbatch``, which renders the same statement) is refused when its
columns are the table's in another order: below Databricks Runtime 18 that INSERT matches columns
by position, and OSS Spark cannot parse the ``BY NAME`` form, so values would land in the wrong
columns. Checked when both relations exist, right before the statement (impl.py).

An incremental merge model with ``merge_with_schema_evolution`` is refused unless the session
has Delta's schema auto-merge on: OSS Delta runs ``MERGE WITH SCHEMA EVOLUTION`` as a plain
MERGE, dropping the new columns' values that Databricks would add as columns.

``dbt clone --full-refresh`` onto an existing table is refused the same way (OSS Delta clones
only into an empty table). Source freshness from metadata (a source without
``loaded_at_field``) is refused per source, at the adapter's freshness call, before any SQL:
dbt-databricks reads it with ``FROM (DESCRIBE HISTORY ...)``, which OSS Spark cannot parse.
"""

from collections.abc import Mapping, Sequence
from typing import Any, Optional

from dbt_common.exceptions import DbtRuntimeError

# materialized: what Databricks builds (and OSS Spark has no SQL for).
_MATERIALIZATIONS = {
    "materialized_view": "Databricks SQL materialized views: CREATE MATERIALIZED VIEW",
    "streaming_table": "Databricks SQL streaming tables: CREATE STREAMING TABLE",
    "metric_view": "Unity Catalog metric views: CREATE VIEW ... WITH METRICS LANGUAGE YAML",
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


# Configs dbt-databricks' materialization of a resource type never applies (its seed
# materialization applies no tags, masks, row filters or clustering; its snapshot applies tags
# but no masks or row filters): a project that sets them runs on Databricks, so here too.
_IGNORED_BY_RESOURCE_TYPE = {
    "seed": {"databricks_tags", "row_filter", "auto_liquid_cluster", "column_mask"},
    "snapshot": {"row_filter", "column_mask"},
}


def databricks_only_features(node: Any, table_format: Optional[str] = None) -> list[str]:
    """Each Databricks-only config the node sets, named with the SQL it would need.
    `table_format`: the node's as dbt-databricks resolves it (a catalog integration's, when the
    node names one); by default its own config's."""
    config = node.config
    ignored = _IGNORED_BY_RESOURCE_TYPE.get(getattr(node, "resource_type", None) or "", set())
    features = []
    materialized = config.get("materialized")
    if materialized in _MATERIALIZATIONS:
        features.append(f"materialized='{materialized}' ({_MATERIALIZATIONS[materialized]})")
    own_format = str(config.get("table_format") or "").lower()
    if str(table_format or own_format).lower() == "iceberg":
        # dbt-databricks checks the runtime (require_capability) only once the materialization
        # has begun: after an incremental model's MERGE or a DROP of the relation it replaces.
        source = "" if own_format == "iceberg" else f" of catalog_name='{config.get('catalog_name')}'"
        features.append(f"table_format='iceberg'{source} (Iceberg tables: Delta UniForm or "
                        "managed Iceberg, Databricks Runtime 14.3+)")
    for key, feature in _MODEL_CONFIGS.items():
        if config.get(key) and key not in ignored:
            features.append(f"{key} ({feature})")
    for name, column in (getattr(node, "columns", None) or {}).items():
        properties = _column_properties(column)
        for key, feature in _COLUMN_PROPERTIES.items():
            if properties.get(key) and key not in ignored:
                features.append(f"{key} on column '{name}' ({feature})")
    return features


def reject_databricks_only_features(node: Any, table_format: Optional[str] = None) -> None:
    """Raises, naming the node and each feature (or its incremental strategy and the strategy
    to use instead), when the node needs Databricks (`table_format` as for
    databricks_only_features)."""
    features = databricks_only_features(node, table_format)
    if features:
        raise DbtRuntimeError(
            f"{node.unique_id} uses Databricks-only features that OSS Spark + Delta do not have: "
            f"{'; '.join(features)}. This session runs on OSS Spark (no Databricks Runtime): "
            "remove these configs for local runs, or run the model on Databricks."
        )
    problem = incremental_strategy_problem(node) or python_clustering_problem(node)
    if problem:
        raise DbtRuntimeError(
            f"{node.unique_id} uses {problem}. Nothing was run. This session runs on OSS Spark "
            "(no Databricks Runtime)."
        )


def incremental_strategy_problem(node: Any) -> str:
    """What an incremental model's strategy would do wrong on OSS Spark + Delta and the way
    out, or "" (dbt-databricks' incremental macros on a cluster without REPLACE ON)."""
    config = node.config
    if config.get("materialized") != "incremental":
        return ""
    strategy = config.get("incremental_strategy")
    if strategy == "delete+insert":
        return (
            "incremental_strategy='delete+insert', which OSS Delta cannot run: without INSERT ... "
            "REPLACE ON (Databricks Runtime 17.1+) dbt-databricks deletes the replaced rows with "
            "DELETE ... WHERE <key> IN (SELECT ...) (EXISTS (SELECT ...) for a composite key), "
            "and OSS Delta refuses subqueries in DELETE (DELTA_UNSUPPORTED_SUBQUERY) on every "
            "incremental run. On OSS Spark use incremental_strategy='merge' with the same "
            "unique_key (it updates the rows whose key matches and inserts the others), or run "
            "the model on Databricks"
        )
    if strategy == "insert_overwrite" and config.get("liquid_clustered_by") and not config.get(
        "partition_by"
    ):
        return (
            "incremental_strategy='insert_overwrite' with liquid_clustered_by: on Databricks "
            "Runtime 17.1+ dbt-databricks replaces only the rows whose clustering-key values the "
            "new rows have (INSERT ... REPLACE ON); OSS Spark has no REPLACE ON, and the fallback "
            "(INSERT OVERWRITE without a partition) would replace the whole table with this "
            "run's rows. On OSS Spark use partition_by instead of liquid_clustered_by (then only "
            "the partitions the new rows have are overwritten), or "
            "incremental_strategy='replace_where' with incremental_predicates naming the rows to "
            "replace, or run the model on Databricks"
        )
    return ""


def merges_with_schema_evolution(node: Any) -> bool:
    """An incremental merge model with merge_with_schema_evolution, as dbt-databricks' merge
    macro reads it (the config's text, lower-cased, is 'true'): it renders MERGE WITH SCHEMA
    EVOLUTION, which Spark 4.0 parses and OSS Delta 4.0 runs as a plain MERGE, adding no column
    (the new columns' values are dropped); Spark 3.5 cannot parse it."""
    config = node.config
    return (
        config.get("materialized") == "incremental"
        and (config.get("incremental_strategy") or "merge") == "merge"
        and str(config.get("merge_with_schema_evolution")).lower() == "true"
    )


def reject_merge_schema_evolution(node: Any) -> None:
    """Raises, naming the node, the config and the two ways to get the new columns on OSS."""
    raise DbtRuntimeError(
        f"{node.unique_id} sets merge_with_schema_evolution=true, which OSS Delta does not carry "
        "out: it runs MERGE WITH SCHEMA EVOLUTION as a plain MERGE and adds no column, so the new "
        "columns' values would be dropped. Nothing was run. On OSS Spark set "
        "on_schema_change='append_new_columns' (dbt adds the new columns before the MERGE), or "
        "start the session with --conf spark.databricks.delta.schema.autoMerge.enabled=true "
        "(then every MERGE and INSERT of the run may add columns), or run the model on Databricks."
    )


def python_clustering_problem(node: Any) -> str:
    """A Python model's liquid_clustered_by and the way out, or "": dbt-databricks creates the
    model's table with ``DataFrameWriter.clusterBy(...)`` (its py_get_writer_options macro),
    which OSS Delta refuses ("'Partitioning by expressions' is not supported for Delta
    tables"), while its SQL ``CREATE TABLE ... CLUSTER BY`` works."""
    if getattr(node, "language", None) != "python" or not node.config.get("liquid_clustered_by"):
        return ""
    return (
        "liquid_clustered_by on a Python model: dbt-databricks creates its table with "
        "DataFrameWriter.clusterBy(...), which OSS Delta refuses ('Partitioning by expressions' "
        "is not supported for Delta tables). On OSS Spark use partition_by, or let the Python "
        "model feed a SQL model that sets liquid_clustered_by (CREATE TABLE ... CLUSTER BY "
        "works on OSS Delta), or run the model on Databricks"
    )


# Strategies dbt-databricks writes with get_replace_where_sql (INSERT INTO ... REPLACE WHERE).
REPLACE_WHERE_STRATEGIES = ("replace_where", "microbatch")


def reject_reordered_replace_where(
    unique_id: str, strategy: str, table_columns: Sequence[str], new_columns: Sequence[str]
) -> None:
    """Raises, naming the node and both column orders, when the new rows have the table's
    columns (names compared case-insensitively, as Spark does) in another order. Other
    differences are left to dbt's on_schema_change."""
    table = [name.lower() for name in table_columns]
    new = [name.lower() for name in new_columns]
    if table == new or sorted(table) != sorted(new):
        return
    table_order = ", ".join(table_columns)
    raise DbtRuntimeError(
        f"{unique_id} uses incremental_strategy='{strategy}' with its columns in another order "
        f"than the table's: the table has ({table_order}), the model selects "
        f"({', '.join(new_columns)}). dbt-databricks writes its rows with INSERT INTO ... REPLACE "
        "WHERE ... TABLE ..., which matches columns by position (by name only with INSERT ... BY "
        "NAME REPLACE WHERE, Databricks Runtime 18+, which OSS Spark cannot parse), so values "
        "would land in the wrong columns. No row was written: the table keeps its rows. "
        "This session runs on OSS Spark (no Databricks Runtime): select the columns in the "
        f"table's order ({table_order}), or run the model on Databricks."
    )


def _field(container: Any, key: str) -> Any:
    # Nodes, columns and constraints reach the hook as dbt's dataclasses or as plain dicts.
    return container.get(key) if isinstance(container, Mapping) else getattr(container, key, None)


def _items(container: Any, key: str) -> list[Any]:
    return list(_field(container, key) or [])


def _is_not_null(constraint: Any) -> bool:
    return _field(constraint, "type") == "not_null"


def _persists_constraints(node: Any) -> bool:
    # dbt-databricks' legacy constraints: `persist_constraints: true` plus a column's
    # `meta: {constraint: not_null}` (or model `meta: {constraints: [...]}`).
    return bool(node.config.get("persist_constraints"))


def _meta(container: Any) -> Mapping[str, Any]:
    return _field(container, "meta") or {}


def not_null_columns(node: Any) -> list[str]:
    """The columns dbt-databricks' persist_constraints would ALTER to NOT NULL: from an enforced
    contract's constraints, or with the legacy `persist_constraints` config from the columns'
    `meta: {constraint: not_null}` (else their constraints) and the model's `meta: {constraints}`
    (else its constraints). Only for Delta: other formats get a warning and no ALTER."""
    contract = getattr(node, "contract", None)
    legacy = _persists_constraints(node)
    if not ((contract and contract.enforced) or legacy):
        return []
    if node.config.get("file_format") not in (None, "delta"):
        return []
    columns = []
    for name, column in (getattr(node, "columns", None) or {}).items():
        meta_constraint = _meta(column).get("constraint") if legacy else None
        constraints = [meta_constraint] if meta_constraint else _items(column, "constraints")
        if any(c == "not_null" or _is_not_null(c) for c in constraints):
            columns.append(name)
    model_constraints = _meta(node).get("constraints") if legacy else None
    if not isinstance(model_constraints, (list, tuple)):
        model_constraints = _items(node, "constraints")
    for constraint in model_constraints:
        if _is_not_null(constraint):
            columns.extend(column for column in _items(constraint, "columns") if column not in columns)
    return columns


def reject_not_null_after_create(node: Any, columns: list[str]) -> None:
    """Raises, naming the node, its not_null columns and what works on OSS Spark instead."""
    contract = getattr(node, "contract", None)
    enforced = bool(contract and contract.enforced)
    materialized = node.config.get("materialized")
    if materialized == "table" and enforced:
        instead = (
            "set `use_materialization_v2: true` under `flags:` in dbt_project.yml (dbt-databricks "
            "then creates the table with NOT NULL columns, which OSS Delta accepts)"
        )
    elif materialized == "table":
        instead = (
            "declare them as the constraints of an enforced contract (`contract: {enforced: "
            "true}`, column `constraints: [{type: not_null}]`) instead of persist_constraints and "
            "set `use_materialization_v2: true` under `flags:` in dbt_project.yml (dbt-databricks "
            "then creates the table with NOT NULL columns, which OSS Delta accepts)"
        )
    elif enforced:
        instead = (
            "remove the not_null constraints for local runs (dbt-databricks' "
            "use_materialization_v2 applies an incremental model's constraints only in Unity Catalog)"
        )
    else:
        instead = "remove persist_constraints (or the not_null meta) for local runs"
    source = "" if enforced else " (persist_constraints)"
    when = "every snapshot run" if materialized == "snapshot" else "creating the table"
    raise DbtRuntimeError(
        f"{node.unique_id} has not_null constraints on {', '.join(columns)}{source}: "
        f"dbt-databricks adds them after {when} with ALTER TABLE ... CHANGE COLUMN ... SET NOT "
        "NULL, which OSS Delta refuses on an existing column (Databricks accepts it). The table "
        f"was left as it was. On OSS Spark {instead}, or run the model on Databricks."
    )


def reject_metadata_freshness(relation: Any) -> None:
    """Raises, naming the source's table and the way out: a source without `loaded_at_field`
    gets its freshness from dbt-databricks' `SELECT max(timestamp) ... FROM (DESCRIBE HISTORY
    <table>)` (get_relation_last_modified_sql in the Hive metastore), and OSS Spark has no
    DESCRIBE as a subquery (a PARSE_SYNTAX_ERROR about SQL the user never wrote)."""
    raise DbtRuntimeError(
        f"The freshness of source table {relation.render()} needs Databricks: without a "
        "loaded_at_field dbt-databricks reads the table's last change from Delta's history with "
        "SELECT ... FROM (DESCRIBE HISTORY ...), which OSS Spark cannot run (DESCRIBE is not a "
        "subquery there). Nothing was run. This session runs on OSS Spark (no Databricks "
        "Runtime): set `loaded_at_field` on the source (freshness from a timestamp column), or "
        "run `dbt source freshness` on Databricks."
    )


def reject_clone_onto_a_table(node: Any) -> None:
    """Raises, naming the node and the way out: `dbt clone --full-refresh` onto an existing table
    renders CREATE OR REPLACE TABLE ... SHALLOW CLONE, which OSS Delta refuses onto a non-empty
    table (DELTA_UNSUPPORTED_NON_EMPTY_CLONE); a clone into a new table works."""
    raise DbtRuntimeError(
        f"{node.unique_id} would be cloned with --full-refresh onto its existing table: "
        "dbt-databricks replaces it with CREATE OR REPLACE TABLE ... SHALLOW CLONE, which OSS "
        "Delta refuses onto a non-empty table (DELTA_UNSUPPORTED_NON_EMPTY_CLONE). The table was "
        "left as it was. This session runs on OSS Spark (no Databricks Runtime): run `dbt clone` "
        "without --full-refresh (existing relations are kept), drop the table first, or run the "
        "clone on Databricks."
    )


# The catalogs of a session on OSS Spark: dbt-session's alias and Spark's own name for it.
_SESSION_CATALOGS = ("hive_metastore", "spark_catalog")


def unity_catalog_relations(relation_configs: Sequence[Any]) -> list[tuple[str, str]]:
    """(unique_id, catalog) of each node whose database (catalog) is not the session catalog: a
    Unity Catalog name, which only Databricks has. dbt's cache population passes models, seeds
    and snapshots, never sources: a source's catalog is named when Spark rejects it
    (bindings/catalog_alias.hpp)."""
    found = []
    for config in relation_configs:
        database = getattr(config, "database", None)
        if database and database.lower() not in _SESSION_CATALOGS:
            found.append((str(getattr(config, "unique_id", config)), database))
    return found


def reject_unity_catalog_relations(found: list[tuple[str, str]]) -> None:
    """Raises, naming the nodes (at most five) and the way out: dbt lists each node's schema
    before any model runs, and on OSS Spark a catalog other than hive_metastore reads as a
    schema of it (`SCHEMA_NOT_FOUND ... hive_metastore.<catalog>`), which names no node."""
    named = ", ".join(f"{unique_id} (catalog '{catalog}')" for unique_id, catalog in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    raise DbtRuntimeError(
        f"Unity Catalog names in the project: {named}{more}. This session runs on OSS Spark (no "
        "Databricks Runtime), where the only catalog is hive_metastore, so nothing was run. For "
        "local runs give these models and sources the database hive_metastore (for example "
        "database: \"{{ 'hive_metastore' if target.name == 'local' else '<catalog>' }}\"), or "
        "run on Databricks."
    )
