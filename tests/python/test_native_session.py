"""The C++ handle's life cycle, session state, listings, catalogs and runtime detection."""

import gc
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from dbt_common.exceptions import DbtDatabaseError, DbtRuntimeError

import dbt_session_native as native
from dbt.adapters.databricks.handle import SqlUtils
from dbt.adapters.databricks.utils import handle_missing_objects

DBR_VERSION_CONF = "spark.databricks.clusterUsageTags.sparkVersion"
T = TypeVar("T")


def in_new_thread(work: Callable[[], T]) -> T:
    """Runs `work` in a fresh (non-main) thread, like a dbt worker, and returns its result."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # re-raised in the calling thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="dbt-worker-like")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def second_handle(spark: Any, schema: str) -> Iterator[Any]:
    opened = native.open_handle("hive_metastore", schema)
    yield opened
    opened.close()


@pytest.fixture
def databricks_runtime(spark: Any) -> Iterator[Callable[[str], None]]:
    """Simulates Databricks: sets the runtime tag on the root session, unset afterwards."""

    def set_tag(tag: str) -> None:
        spark.conf.set(DBR_VERSION_CONF, tag)

    try:
        yield set_tag
    finally:
        spark.conf.unset(DBR_VERSION_CONF)


# --- life cycle ---------------------------------------------------------------------


def test_close_never_stops_the_spark_session(spark: Any, schema: str) -> None:
    handles = [native.open_handle("hive_metastore", schema) for _ in range(3)]
    for opened in handles:
        opened.execute("select 1").fetchall()
        opened.close()
    assert spark.sql("select 41 + 1 as answer").collect()[0].answer == 42
    assert native.session_is_started()
    reopened = native.open_handle("hive_metastore", schema)
    assert reopened.execute("select 1").fetchall() == [(1,)]
    reopened.close()


def test_closed_handle_refuses_statements(spark: Any, schema: str) -> None:
    opened = native.open_handle("hive_metastore", schema)
    opened.close()
    assert not opened.open
    with pytest.raises(DbtRuntimeError, match="closed connection"):
        opened.execute("select 1")


def test_close_is_idempotent(spark: Any, schema: str) -> None:
    opened = native.open_handle("hive_metastore", schema)
    opened.close()
    opened.close()
    assert not opened.open


def collected_by_the_jvm(spark: Any, reference: Any) -> bool:
    """Whether a java.lang.ref.WeakReference was cleared after Python's and the JVM's GC."""
    gc.collect()  # drops Python-side py4j proxies, which py4j then releases in the JVM
    for _ in range(20):
        spark.sparkContext._jvm.java.lang.System.gc()
        if reference.get() is None:
            return True
        time.sleep(0.1)
    return False


def test_closed_handle_lets_the_jvm_collect_its_session_state(spark: Any, schema: str) -> None:
    # Spark 4.0.1 kept every child session that had run a statement (SPARK-54753): a run of
    # many nodes, one connection each, grew the driver heap with every node.
    jvm = spark.sparkContext._jvm
    opened = native.open_handle("hive_metastore", schema)
    opened.execute("select 1").fetchall()
    reference = jvm.java.lang.ref.WeakReference(opened.spark._jsparkSession)
    opened.close()
    del opened
    # The next node's connection makes itself this thread's active session in the JVM, as in
    # a dbt run (the active session is a per-thread strong reference).
    following = native.open_handle("hive_metastore", schema)
    following.execute("select 1").fetchall()
    try:
        assert collected_by_the_jvm(spark, reference)
    finally:
        following.close()


def test_closing_a_handle_keeps_the_tables_it_cached_cached(spark: Any, schema: str) -> None:
    spark.sql(f"create or replace table {schema}.cached_by_a_handle (id int) using delta")
    opened = native.open_handle("hive_metastore", schema)
    opened.execute(f"cache table {schema}.cached_by_a_handle").fetchall()
    opened.close()
    try:
        assert spark.catalog.isCached(f"{schema}.cached_by_a_handle")
    finally:
        spark.sql(f"uncache table if exists {schema}.cached_by_a_handle")


def test_cancel_closes_only_that_handle(handle: Any, second_handle: Any) -> None:
    second_handle.cancel()
    assert not second_handle.open
    assert handle.execute("select 1").fetchall() == [(1,)]


def test_rollback_leaves_the_handle_usable(handle: Any) -> None:
    handle.rollback()
    assert handle.execute("select 1").fetchall() == [(1,)]


def test_each_handle_has_a_distinct_session_id(handle: Any, second_handle: Any) -> None:
    assert handle.session_id and second_handle.session_id
    assert handle.session_id != second_handle.session_id
    assert handle.session_id in str(handle)


# --- session state --------------------------------------------------------------------


def test_set_in_one_handle_is_invisible_in_another(spark: Any, handle: Any, second_handle: Any) -> None:
    handle.execute("SET dbt_session.pytest.flag=on")
    assert handle.execute("SET dbt_session.pytest.flag").fetchall() == [("dbt_session.pytest.flag", "on")]
    assert second_handle.execute("SET dbt_session.pytest.flag").fetchall() == [
        ("dbt_session.pytest.flag", "<undefined>")
    ]
    assert spark.conf.get("dbt_session.pytest.flag", None) is None


def test_temp_view_in_one_handle_is_invisible_in_another(handle: Any, second_handle: Any) -> None:
    handle.execute("create or replace temp view only_mine as select 1 as x")
    assert handle.execute("select x from only_mine").fetchall() == [(1,)]
    with pytest.raises(DbtDatabaseError, match=r"\[TABLE_OR_VIEW_NOT_FOUND\]"):
        second_handle.execute("select x from only_mine")


def test_tables_are_shared_between_handles_and_the_root_session(
    spark: Any, schema: str, handle: Any, second_handle: Any
) -> None:
    handle.execute(f"create or replace table hive_metastore.{schema}.shared using delta as select 5 as x")
    assert second_handle.execute(f"select x from hive_metastore.{schema}.shared").fetchall() == [(5,)]
    assert spark.table(f"{schema}.shared").collect()[0].x == 5


def test_a_session_property_spark_refuses_names_the_profile_entry(spark: Any, schema: str) -> None:
    with pytest.raises(DbtRuntimeError) as raised:
        native.open_handle("hive_metastore", schema, {"spark.executor.memory": "2g"})
    message = str(raised.value)
    assert "profiles.yml: the target's session_properties entry `spark.executor.memory`" in message
    assert "CANNOT_MODIFY_CONFIG" in message


def test_session_properties_are_set_on_that_handle_only(spark: Any, schema: str, handle: Any) -> None:
    configured = native.open_handle(
        "hive_metastore", schema, {"dbt_session.pytest.prop": "yes", "spark.sql.shuffle.partitions": 3}
    )
    try:
        assert configured.execute("SET dbt_session.pytest.prop").fetchall() == [("dbt_session.pytest.prop", "yes")]
        assert configured.execute("SET spark.sql.shuffle.partitions").fetchall()[0][1] == "3"
        assert handle.execute("SET dbt_session.pytest.prop").fetchall()[0][1] == "<undefined>"
        assert spark.conf.get("dbt_session.pytest.prop", None) is None
    finally:
        configured.close()


def test_unqualified_names_resolve_in_the_targets_schema(spark: Any, schema: str, handle: Any) -> None:
    assert handle.execute("select current_schema()").fetchall() == [(schema,)]


@pytest.mark.parametrize("name", ["it's", "a.b", "two words", "9lives"])
def test_a_schema_name_that_is_not_a_bare_word_opens_the_connection(spark: Any, name: str) -> None:
    # Spark's Catalog API parses the name as SQL: unquoted, "it's" was a PARSE_SYNTAX_ERROR
    # at the connection, before dbt could say anything about the schema. Such a schema cannot
    # exist in the Hive metastore, so the handle keeps Spark's current schema and dbt's own
    # statements meet Spark's INVALID_SCHEMA_OR_RELATION_NAME.
    opened = native.open_handle("hive_metastore", name)
    try:
        assert opened.execute("select current_schema()").fetchall() == [("default",)]
    finally:
        opened.close()


# --- listings -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def listed_schema(spark: Any, schema: str) -> str:
    spark.sql(f"create table {schema}.listed_table (x int) using delta")
    spark.sql(f"create view {schema}.listed_view as select 1 as x")
    return schema


def test_list_tables_describes_table_name_and_type_columns(handle: Any, listed_schema: str) -> None:
    names = [column[0] for column in handle.list_tables("hive_metastore", listed_schema).description]
    assert "TABLE_NAME" in names and "TABLE_TYPE" in names


def test_list_tables_reports_delta_tables_as_table_and_views_as_view(handle: Any, listed_schema: str) -> None:
    cursor = handle.list_tables("hive_metastore", listed_schema)
    names = [column[0] for column in cursor.description]
    found = {row[names.index("TABLE_NAME")]: row[names.index("TABLE_TYPE")] for row in cursor.fetchall()}
    assert found["listed_table"] == "table"
    assert found["listed_view"] == "view"


def test_list_tables_leaves_out_temp_views(handle: Any, listed_schema: str) -> None:
    handle.execute("create or replace temp view listed_temp_view as select 1 as x")
    rows = handle.list_tables("hive_metastore", listed_schema).fetchall()
    assert all("listed_temp_view" not in row for row in rows)


def test_list_tables_of_a_missing_schema_is_a_not_found_error_dbt_databricks_tolerates(handle: Any) -> None:
    def list_missing() -> list[Any]:
        return handle.list_tables("hive_metastore", "no_such_schema_here").fetchall()

    with pytest.raises(DbtDatabaseError, match=r"\[SCHEMA_NOT_FOUND\]"):
        list_missing()
    assert handle_missing_objects(list_missing, []) == []


def test_list_schemas_filters_by_name_case_insensitively(handle: Any, schema: str) -> None:
    assert handle.list_schemas("hive_metastore", schema.upper()).fetchall() == [(schema, "hive_metastore")]
    assert handle.list_schemas("hive_metastore", "no_such_schema_here").fetchall() == []


def test_list_schemas_without_a_name_lists_every_schema(handle: Any, schema: str) -> None:
    schemas = {row[0] for row in handle.list_schemas("hive_metastore").fetchall()}
    assert {"default", schema} <= schemas


# --- catalogs ---------------------------------------------------------------------------


def test_unity_catalog_on_oss_spark_is_a_runtime_error_naming_catalog_and_fix(spark: Any, schema: str) -> None:
    with pytest.raises(DbtRuntimeError) as raised:
        native.open_handle("main", schema)
    message = str(raised.value)
    assert "`catalog` (or its alias `database`) is 'main', a Unity Catalog name" in message
    assert "set it to hive_metastore" in message


def test_hive_metastore_catalog_name_is_case_insensitive(spark: Any, schema: str) -> None:
    opened = native.open_handle("HIVE_METASTORE", schema)
    assert opened.execute("select 1").fetchall() == [(1,)]
    opened.close()


def exercise_three_part_names(schema: str, suffix: str) -> list[tuple[Any, ...]]:
    """CREATE TABLE ... USING delta, CREATE VIEW and MERGE INTO, all on hive_metastore names."""
    table = f"hive_metastore.{schema}.orders_{suffix}"
    view = f"hive_metastore.{schema}.orders_view_{suffix}"
    opened = native.open_handle("hive_metastore", schema)
    try:
        opened.execute(f"create or replace table {table} (id int, status string) using delta")
        opened.execute(f"insert into {table} values (1, 'new'), (2, 'new')")
        opened.execute(f"create or replace view {view} as select id, status from {table}")
        opened.execute(
            f"merge into {table} t using (select 2 as id, 'shipped' as status "
            "union all select 3, 'new') s on t.id = s.id "
            "when matched then update set status = s.status when not matched then insert *"
        )
        return opened.execute(f"select id, status from {view} order by id").fetchall()
    finally:
        opened.close()


EXPECTED_ORDERS = [(1, "new"), (2, "shipped"), (3, "new")]


def test_hive_metastore_three_part_names_work_for_table_view_and_merge(spark: Any, schema: str) -> None:
    assert exercise_three_part_names(schema, "main") == EXPECTED_ORDERS
    # The same table, seen through the session catalog's own name.
    assert spark.table(f"spark_catalog.{schema}.orders_main").count() == 3


def test_hive_metastore_three_part_names_work_from_a_non_main_thread(spark: Any, schema: str) -> None:
    assert in_new_thread(lambda: exercise_three_part_names(schema, "thread")) == EXPECTED_ORDERS
    assert spark.table(f"spark_catalog.{schema}.orders_thread").count() == 3


def test_view_created_through_a_handle_is_readable_from_the_root_session(spark: Any, schema: str) -> None:
    exercise_three_part_names(schema, "root")
    assert spark.table(f"spark_catalog.{schema}.orders_view_root").count() == 3


# --- runtime detection --------------------------------------------------------------------


def test_oss_spark_has_no_databricks_runtime(spark: Any, handle: Any) -> None:
    assert native.session_info()["databricks_runtime"] is None
    assert handle.dbr_version == (0, 0)


def test_session_info_reports_spark_version_and_master(spark: Any) -> None:
    info = native.session_info()
    assert info["spark_version"] == spark.version
    assert info["master"] == "local[2]"


def test_simulated_databricks_runtime_shows_in_session_info(
    spark: Any, databricks_runtime: Callable[[str], None]
) -> None:
    databricks_runtime("17.3.x-scala2.13")
    assert native.session_info()["databricks_runtime"] == (17, 3)


@pytest.mark.parametrize(
    "tag",
    [
        "17.3.x-scala2.13",
        "15.4.x-photon-scala2.12",
        "16.x-snapshot-scala2.12",
        "custom:custom-local__17.3.x-snapshot-cpu-ml-scala2.13",
        "10.04.x-scala2.12",
        "0.5.1-unknown",
    ],
)
def test_runtime_tag_parsing_matches_dbt_databricks(
    spark: Any, databricks_runtime: Callable[[str], None], tag: str
) -> None:
    databricks_runtime(tag)
    assert native.session_info()["databricks_runtime"] == SqlUtils.extract_dbr_version(tag)


def test_simulated_databricks_runtime_shows_in_handle_dbr_version(
    spark: Any, schema: str, databricks_runtime: Callable[[str], None]
) -> None:
    databricks_runtime("17.3.x-scala2.13")
    opened = native.open_handle("hive_metastore", schema)
    try:
        assert opened.dbr_version == (17, 3)
    finally:
        opened.close()


def test_simulated_databricks_runtime_accepts_a_unity_catalog(
    spark: Any, schema: str, databricks_runtime: Callable[[str], None]
) -> None:
    databricks_runtime("17.3.x-scala2.13")
    native.open_handle("main", schema).close()


_COPY_INTO = "copy into hive_metastore.{schema}.landed from '/nowhere' fileformat = CSV"


def test_copy_into_on_oss_spark_is_refused_by_name_before_spark(handle: Any, schema: str) -> None:
    with pytest.raises(DbtRuntimeError, match="COPY INTO is Databricks SQL") as refused:
        handle.execute(_COPY_INTO.format(schema=schema))
    assert "nothing was run" in str(refused.value)


def test_copy_into_on_a_databricks_runtime_is_sent_to_spark(
    spark: Any, schema: str, databricks_runtime: Callable[[str], None]
) -> None:
    databricks_runtime("17.3.x-scala2.13")
    opened = native.open_handle("hive_metastore", schema)
    try:
        # This Spark is OSS: its own parse error shows the statement reached it.
        with pytest.raises(DbtDatabaseError, match="PARSE_SYNTAX_ERROR"):
            opened.execute(_COPY_INTO.format(schema=schema))
    finally:
        opened.close()
