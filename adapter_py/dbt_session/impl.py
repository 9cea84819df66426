"""The adapter dbt loads for ``type: databricks`` when run through dbt-session: dbt-databricks'
adapter with the session connection manager."""


from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Optional

from dbt.adapters.base import PythonJobHelper, available
from dbt.adapters.base.meta import available_property
from dbt.adapters.contracts.connection import AdapterResponse
from dbt.events.types import DebugCmdOut  # type: ignore[attr-defined]
from dbt.flags import get_flags
from dbt_common.behavior_flags import Behavior, BehaviorFlag
from dbt_common.events.functions import fire_event
from dbt_common.exceptions import DbtRuntimeError, DbtValidationError

from dbt.adapters.databricks.impl import DatabricksAdapter
from dbt.adapters.databricks.logging import logger
from dbt.adapters.databricks.relation import DatabricksRelation
from dbt_session import (
    capabilities,
    grants,
    oss_features,
    responses,
    seed_table,
    seeds,
    spark_line,
)
from dbt_session.behavior import SessionBehavior
from dbt_session.connections import SessionConnectionManager
from dbt_session.mode import command_queries, is_session
from dbt_session.native import native
from dbt_session.python_job import SESSION_SUBMISSION, SessionPythonJobHelper

if TYPE_CHECKING:
    import agate


# The name must begin with "DatabricksAdapter": dbt derives the adapter's package from the
# class name (BaseAdapter.get_adapter_run_info imports dbt.adapters.<name before "Adapter">).
class DatabricksAdapterWithSession(DatabricksAdapter):
    ConnectionManager = SessionConnectionManager
    connections: SessionConnectionManager

    def __init__(self, config: Any, mp_context: Any) -> None:
        super().__init__(config, mp_context)
        self._skipped_grants = grants.SkippedGrants()
        # dbt accepts any integer and fails later, in a thread pool, with a traceback.
        if self._is_session and getattr(config, "threads", 1) < 1:
            raise DbtValidationError(
                f"threads is {config.threads} (`threads` of the target in profiles.yml, or "
                "--threads): dbt runs the nodes on 1 or more threads"
            )
        # dbt builds the adapter after reading the profile and before parsing the project, where
        # a seed file that is not UTF-8 would end the run with a traceback (seeds.require_utf8).
        # `dbt debug` builds it from the profile alone, which has no project.
        if self._is_session and hasattr(config, "seed_paths"):
            seeds.require_utf8_seeds(config)
        if self._is_session and command_queries(get_flags()):
            native.start_session_early()

    @available_property
    def behavior(self) -> Behavior:
        return self._behavior

    @behavior.setter  # type: ignore[no-redef]  # available_property is a property mypy cannot see
    def behavior(self, flags: list[BehaviorFlag]) -> None:
        # As BaseAdapter's setter (dbt-adapters 1.x), with two differences. BaseAdapter's extends
        # the list it is given, which BaseAdapter.__init__ passes as its module-level
        # DEFAULT_BASE_BEHAVIOR_FLAGS: every adapter built in one process (dbt_session.run in a
        # notebook, a test suite) would append dbt-databricks' flags to it again; this extends a
        # copy. And the flags render without a stack inspection each, and those that only choose
        # Databricks Runtime SQL are off on OSS Spark (dbt_session.behavior).
        # A project that sets no flags (`dbt debug` loads none) gets the defaults.
        overrides = getattr(self.config, "flags", {})
        self._behavior: Behavior = SessionBehavior([*flags, *self._behavior_flags], overrides, self._on_oss_spark)

    @property
    def _is_session(self) -> bool:
        return is_session(self.config.credentials)

    @property
    def python_submission_helpers(self) -> dict[str, type[PythonJobHelper]]:
        return {**super().python_submission_helpers, SESSION_SUBMISSION: SessionPythonJobHelper}

    @property
    def default_python_submission_method(self) -> str:
        return SESSION_SUBMISSION if self._is_session else super().default_python_submission_method

    @contextmanager
    def _catalog(self, catalog: Optional[str]) -> Iterator[None]:
        # dbt-databricks switches catalogs with USE CATALOG around some listings (e.g. for
        # `docs generate`). On OSS Spark `hive_metastore` is the session catalog itself
        # (Spark names it `spark_catalog`, so the parent would always switch), there is no
        # other catalog to switch to, and USE CATALOG is not OSS Spark SQL.
        if self._is_session and catalog is not None and self._on_oss_spark():
            yield
            return
        with super()._catalog(catalog):
            yield

    def _get_columns_for_catalog(  # type: ignore[override]
        self, relation: Any, information: str
    ) -> Iterable[dict[str, Any]]:
        columns = list(super()._get_columns_for_catalog(relation, information))
        # Databricks runtimes print the schema themselves; the fallback below is OSS-only, so
        # a Databricks run emits exactly plain dbt-databricks' statements.
        if columns or not self._is_session or not self._on_oss_spark():
            return columns
        # A Delta table keeps its schema in the Delta log; when the Hive metastore holds only
        # a placeholder (tables written by saveAsTable or CREATE OR REPLACE), OSS Spark's
        # SHOW TABLE EXTENDED prints no "Schema:" block, and `docs generate` would leave the
        # table out. Read the columns with DESCRIBE and let the parent parse them as if
        # SHOW TABLE EXTENDED had printed them.
        schema = "".join(
            f" |-- {column.column}: {column.dtype} (nullable = true)\n"
            for column in self.get_columns_in_relation(relation)
        )
        return list(super()._get_columns_for_catalog(relation, f"{information}\nSchema: root\n{schema}"))

    def _has_dbr_capability_parse(self, capability_name: str) -> bool:
        # The parse-time `has_dbr_capability` (reached by dateadd/datediff) answers False for
        # clusters and tells them from SQL warehouses by the profile's http_path. A session
        # always runs on a cluster or local Spark, whatever http_path a profile names: the
        # parent's cluster answer.
        if self._is_session:
            return False
        return super()._has_dbr_capability_parse(capability_name)

    def pre_model_hook(self, config: Any) -> Any:
        # dbt calls this for every node right before its materialization (dbt/task/run.py),
        # with the node as config.model: the one place to refuse Databricks-only configs by
        # name before their SQL reaches OSS Spark. Gated on OSS Spark: on Databricks the
        # adapter behaves exactly as dbt-databricks.
        node = getattr(config, "model", None)
        if node is None or not self._is_session:
            return super().pre_model_hook(config)
        if getattr(node, "resource_type", None) == "seed":
            # Before the seed's materialization reads the file (seeds.require_utf8 says why).
            seeds.require_utf8(seeds.seed_file(node))
        # What the node's statements write is reported in its responses (responses.py).
        # On a Databricks runtime Spark answers every write with its metrics row, and the
        # SQL stays exactly dbt-databricks': no Delta commit is read there.
        if compute := node.config.get("databricks_compute"):
            # dbt-databricks opens the node's connection on that compute's http_path (profile
            # `compute:`); a session has no other compute, on a cluster or locally.
            logger.warning(f"{node.unique_id} sets databricks_compute='{compute}': session mode runs "
                           "every node on the run's SparkSession, so that compute is not used")
        on_oss = self._on_oss_spark()
        responses.begin_node(node, read_delta_commits=on_oss,
                             last_commit=self._existing_incremental_table_commits(node) if on_oss else None)
        if on_oss:
            oss_features.reject_databricks_only_features(node, self._table_format(node))
            columns = oss_features.not_null_columns(node)
            if columns and self._sets_not_null_after_create(node):
                oss_features.reject_not_null_after_create(node, columns)
            if self._clones_onto_a_table(node):
                oss_features.reject_clone_onto_a_table(node)
            if oss_features.merges_with_schema_evolution(node) and not self._delta_auto_merge():
                oss_features.reject_merge_schema_evolution(node)
        return super().pre_model_hook(config)

    def _delta_auto_merge(self) -> bool:
        # The conf as the node's statements see it (a --conf the session was started with).
        handle = self.connections.get_thread_connection().handle
        rows = handle.execute("SET spark.databricks.delta.schema.autoMerge.enabled").fetchall()
        return bool(rows) and str(rows[0][1]).strip().lower() == "true"

    def _table_format(self, node: Any) -> Optional[str]:
        # A catalog integration (catalogs.yml, named by the model's `catalog_name`) sets the
        # table format too: dbt-databricks reads it through build_catalog_relation (is_uniform).
        catalog_relation = self.build_catalog_relation(node)
        return getattr(catalog_relation, "table_format", None) if catalog_relation else None

    def _existing_incremental_table_commits(self, node: Any) -> Optional[Callable[[list[str]], Any]]:
        # An incremental model's INSERT of no rows makes no Delta commit: its response must not
        # report the table's older commit (responses.begin_node). The relation comes from dbt's
        # cache, which the incremental materialization reads next anyway.
        if node.config.get("materialized") != "incremental":
            return None
        existing = self.get_relation(node.database, node.schema, node.alias or node.name)
        if existing is None or not existing.is_table:
            return None
        last_commit: Callable[[list[str]], Any] = self.connections.get_thread_connection().handle.last_commit
        return last_commit

    def _clones_onto_a_table(self, node: Any) -> bool:
        # dbt-databricks' clone materialization: an existing relation is kept unless
        # --full-refresh; then a table in the state is cloned with CREATE OR REPLACE TABLE ...
        # SHALLOW CLONE onto the existing table (kept, not dropped, in the Hive metastore).
        flags = get_flags()
        defer = getattr(node, "defer_relation", None)
        if getattr(flags, "WHICH", None) != "clone" or not flags.FULL_REFRESH or defer is None:
            return False
        existing = self.get_relation(node.database, node.schema, node.alias)
        if existing is None or not existing.is_table:
            return False
        source = self.get_relation(defer.database, defer.schema, defer.alias)
        return source is not None and source.is_table

    def post_model_hook(self, config: Any, context: Any) -> None:
        # dbt calls this in a `finally` right after the materialization and before it reads
        # the 'main' response into run_results.json: the node's Spark work goes in there.
        if self._is_session:
            responses.finish_node()
        super().post_model_hook(config, context)

    def _sets_not_null_after_create(self, node: Any) -> bool:
        # dbt-databricks' default (v1) table and incremental materializations create the table,
        # then run persist_constraints: a table model every run, an incremental one when it
        # creates or replaces the table (no relation, a view, or a full refresh). Under
        # use_materialization_v2 a table is created with its NOT NULL columns, and an
        # incremental model's constraints are refused by dbt-databricks itself outside UC.
        # The snapshot materialization (no v2) runs persist_constraints after every run.
        materialized = node.config.get("materialized")
        if materialized == "snapshot":
            return True
        if self.get_behavior_flag_no_warn("use_materialization_v2"):
            return False
        if materialized == "table":
            return True
        if materialized != "incremental":
            return False
        full_refresh = node.config.get("full_refresh")
        if full_refresh is None:  # dbt's should_full_refresh(): the model's config, else the flag
            full_refresh = get_flags().FULL_REFRESH
        existing = self.get_relation(node.database, node.schema, node.alias)
        return bool(full_refresh) or existing is None or existing.is_view

    @available.parse_none
    def get_incremental_strategy_macro(self, model_context: Any, strategy: str) -> Any:
        # Both incremental materializations (v1, and v2's get_build_sql), for SQL and Python
        # models, fetch the strategy's macro here once the new rows exist (temp or intermediate
        # relation) and call it before the statement that writes the table: the one place that
        # sees both relations before the write. dbt-databricks' own macros cannot be overridden
        # from the macros-only plugin (its include project ranks first among internal projects).
        macro = super().get_incremental_strategy_macro(model_context, strategy)
        if strategy not in oss_features.REPLACE_WHERE_STRATEGIES or not (
            self._is_session and self._on_oss_spark()
        ):
            return macro
        unique_id = model_context["model"]["unique_id"]

        def in_table_order(arg_dict: dict[str, Any]) -> Any:
            oss_features.reject_reordered_replace_where(
                unique_id,
                strategy,
                [column.name for column in self.get_columns_in_relation(arg_dict["target_relation"])],
                [column.name for column in self.get_columns_in_relation(arg_dict["temp_relation"])],
            )
            return macro(arg_dict)

        return in_table_order

    def set_relations_cache(
        self,
        relation_configs: Iterable[Any],
        clear: bool = False,
        required_schemas: Optional[set[Any]] = None,
    ) -> None:
        # dbt lists every node's schema here, before any model runs (oss_features says why a
        # Unity Catalog name must be refused now rather than per model).
        relation_configs = list(relation_configs)
        if self._is_session:
            found = oss_features.unity_catalog_relations(relation_configs)
            if found and self._on_oss_spark():
                oss_features.reject_unity_catalog_relations(found)
        super().set_relations_cache(relation_configs, clear, required_schemas)

    def _on_oss_spark(self) -> bool:
        summary = self.connections.session_summary()
        return summary is not None and summary["databricks_runtime"] is None

    def calculate_freshness_from_metadata_batch(
        self, sources: list[Any], macro_resolver: Any = None
    ) -> tuple[list[Any], dict[Any, Any]]:
        # dbt computes metadata freshness for all sources first and falls back to one call
        # per source (calculate_freshness_from_metadata) when this gives no answer: on OSS
        # Spark nothing is run here, and each source is refused by name there.
        if self._is_session and self._on_oss_spark():
            return [], {}
        return super().calculate_freshness_from_metadata_batch(sources, macro_resolver)

    def calculate_freshness_from_metadata(self, source: Any, macro_resolver: Any = None) -> Any:
        if self._is_session and self._on_oss_spark():
            oss_features.reject_metadata_freshness(source)
        return super().calculate_freshness_from_metadata(source, macro_resolver)

    def rename_relation(self, from_relation: Any, to_relation: Any) -> None:
        # dbt-databricks backs relations up with this (create_backup, safe_relation_replace),
        # and spark__rename_relation renders the whole target: on OSS Spark the catalog is
        # left out (rename_target says why). The cache is keyed by path, which stays whole.
        super().rename_relation(from_relation, self.rename_target(from_relation, to_relation))

    @available
    def rename_target(self, relation: DatabricksRelation, target: Any) -> Any:
        """The new name of a rename of `relation`: on OSS Spark without the catalog, which
        Spark reads as a name inside the source's catalog (a view's target may have two parts,
        IDENTIFIER_TOO_MANY_NAME_PARTS; a table's three parts become the namespace
        `hive_metastore`.`s`, REQUIRES_SINGLE_PART_NAMESPACE); elsewhere `target` itself.
        `target` is a relation or dbt-databricks' rendered name
        (include/macros/rename_relation.sql)."""
        if not (self._is_session and self._on_oss_spark()):
            return target
        if isinstance(target, DatabricksRelation):
            return target.include(database=False)
        catalog = f"{relation.include(schema=False, identifier=False).render()}."
        if isinstance(target, str) and relation.database and target.startswith(catalog):
            return target[len(catalog):]
        return target

    @available
    def skips_grants(
        self, implementation: Any, relation: DatabricksRelation, grant_config: Any
    ) -> bool:
        """Whether `relation`'s grants are skipped (include/macros/apply_grants.sql): on OSS
        Spark, when dispatch resolved to dbt's own apply_grants (grants.py says why)."""
        if not (grant_config and self._is_session and self._on_oss_spark()):
            return False
        if not grants.takes_standard_implementation(implementation):
            return False
        self._skipped_grants.skip(relation.render(), grant_config)
        return True

    @available
    def loads_seed_rows_in_session(self, implementation: Any, model: dict[str, Any]) -> bool:
        """Whether a seed's rows take the one-write path (include/macros/load_csv_rows.sql)."""
        return (
            self._is_session
            and seeds.takes_standard_implementation(implementation)
            and seeds.is_delta_seed(model)
        )

    @available
    def load_seed_table(
        self,
        model: Any,
        loader: Any,
        implementation: Any,
        agate_table: Callable[[], Any],
    ) -> Any:
        """dbt-core's load_agate_table (`agate_table`), or, where session mode loads the seed's
        rows itself (`loader`, the `load_csv_rows` macro in the context, is dbt-session's and
        takes the one-write path), the table seed_table.py reads
        (include/macros/load_agate_table.sql)."""
        if (
            isinstance(model, Mapping)  # not a Jinja Undefined: run-operation has no model
            and model.get("resource_type") == "seed"
            and seeds.is_session_loader(loader)
            and self.loads_seed_rows_in_session(implementation, model)
        ):
            table = seed_table.session_seed_table(model, self.config, agate_table)
            if isinstance(table, seed_table.SeedFileTable):
                logger.debug(
                    f"Seed {model['unique_id']}: {len(table.rows)} rows, read in two streaming "
                    "passes instead of an agate table"
                )
            return table
        return agate_table()

    @available
    def load_seed_rows(self, relation: DatabricksRelation, agate_table: "agate.Table") -> str:
        """Replaces the rows of the seed table dbt just created with the agate table's rows, on
        this thread's connection (its own session state); returns the text for the log."""
        table = relation.render()
        row_count = len(agate_table.rows)
        description = seeds.describe_load(table, row_count)
        connection = self.connections.get_thread_connection()
        logger.debug(f"On {connection.name}: {description}")
        with self.connections.exception_handler(description):
            columns = seeds.columns_of(agate_table)
            if not isinstance(agate_table, seed_table.SeedFileTable):
                native.load_seed_rows(connection.handle, table, columns, agate_table.rows)
            elif row_count:
                native.load_seed_file(
                    connection.handle,
                    table,
                    columns,
                    agate_table.csv_rows,
                    agate_table.type_indexes,
                    agate_table.column_types,
                )
        return description

    def submit_python_job(self, parsed_model: dict, compiled_code: str) -> AdapterResponse:
        if self._is_session:
            config = parsed_model["config"]
            method = config.get("submission_method") or SESSION_SUBMISSION
            if method != SESSION_SUBMISSION:
                raise DbtRuntimeError(
                    f"Python model {parsed_model['unique_id']} asks for submission_method "
                    f"'{method}', which submits through the Databricks REST API, but the target "
                    "uses `method: session` (no host or token). Remove `submission_method` from "
                    "the model (session is the default) or set it to 'session'; or run the model "
                    "with a `method: dbsql` target."
                )
            config["submission_method"] = SESSION_SUBMISSION
        return super().submit_python_job(parsed_model, compiled_code)

    def debug_query(self) -> None:
        if not self._is_session:
            super().debug_query()
            return
        # dbt-databricks' debug_query first probes https://<host>/.well-known/databricks-config
        # (DatabricksAdapter.debug_emit_spog_block, spog/probe.py: three HTTPS attempts) when
        # the target has a `host`. A session target makes no call to a workspace: only the
        # query that proves the session answers.
        self.execute("select 1 as id")
        summary = self.connections.session_summary()
        if summary is None:
            return
        # Shown by `dbt debug` under "Connection:", right before "Connection test: OK".
        fire_event(DebugCmdOut(msg=f"  spark: {summary['spark_version']} (master {summary['master']})"))
        # The installed pyspark/delta-spark's line (the client's, on Connect or attached).
        fire_event(DebugCmdOut(msg=f"  {spark_line.describe()}"))
        fire_event(DebugCmdOut(msg=f"  session: {summary['origin']}"))
        fire_event(DebugCmdOut(msg=f"  compute: {capabilities.describe(summary['databricks_runtime'])}"))
