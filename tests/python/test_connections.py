"""SessionConnectionManager: dbt-databricks' connection manager with the C++ handle as the
connection in session mode, and dbt-databricks' own behaviour with `method: dbsql`."""

import multiprocessing
import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from dbt_common.exceptions import DbtDatabaseError, DbtRuntimeError
from dbt_common.invocation import get_invocation_id, reset_invocation_id
from pyspark.errors import AnalysisException

import dbt_session_native as native
from dbt.adapters.databricks.connections import DatabricksConnectionManager
from dbt.adapters.databricks.dbr_capabilities import DBRCapability
from dbt_session.capabilities import LocalSparkCapabilities
from dbt_session.connections import SessionConnectionManager
from dbt_session.credentials import SessionCredentials

WAREHOUSE_HTTP_PATH = "/sql/1.0/warehouses/0123456789abcdef"


@pytest.fixture(autouse=True)
def isolated_capability_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # dbt-databricks caches capabilities on the class, keyed by http_path.
    monkeypatch.setattr(DatabricksConnectionManager, "_dbr_capabilities_cache", {})
    monkeypatch.delenv("DBT_DATABRICKS_SESSION_MODE", raising=False)
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)


def manager_for(**profile: Any) -> SessionConnectionManager:
    credentials = SessionCredentials.from_dict(profile)
    return SessionConnectionManager(
        SimpleNamespace(credentials=credentials), multiprocessing.get_context("spawn")
    )


@pytest.fixture
def session_manager(spark: Any, schema: str) -> Iterator[SessionConnectionManager]:
    manager = manager_for(method="session", schema=schema)
    yield manager
    manager.cleanup_all()


@pytest.fixture
def dbsql_manager() -> SessionConnectionManager:
    return manager_for(
        method="dbsql", schema="analytics", host="adb-1.azuredatabricks.net", http_path=WAREHOUSE_HTTP_PATH
    )


# --- errors ----------------------------------------------------------------------------


def test_session_exception_handler_does_not_double_wrap_a_database_error() -> None:
    manager = manager_for(method="session", schema="analytics")
    error = DbtDatabaseError("[TABLE_OR_VIEW_NOT_FOUND] boom")
    with pytest.raises(DbtDatabaseError) as raised:
        with manager.exception_handler("select 1"):
            raise error
    assert raised.value is error


def test_dbsql_exception_handler_still_wraps_like_dbt_databricks(dbsql_manager: SessionConnectionManager) -> None:
    error = ValueError("boom")
    with pytest.raises(DbtDatabaseError) as raised:
        with dbsql_manager.exception_handler("select 1"):
            raise error
    assert raised.value.__cause__ is error


def test_missing_table_through_the_manager_is_one_database_error(
    session_manager: SessionConnectionManager,
) -> None:
    session_manager.set_connection_name("missing")
    with pytest.raises(DbtDatabaseError) as raised:
        session_manager.execute("select * from no_such_table_here")
    assert "[TABLE_OR_VIEW_NOT_FOUND]" in str(raised.value)
    assert str(raised.value).count("Database Error") == 1
    assert isinstance(raised.value.__cause__, AnalysisException)


def test_unity_catalog_on_oss_spark_fails_the_connection_with_the_handle_error(spark: Any, schema: str) -> None:
    manager = manager_for(method="session", schema=schema, catalog="main")
    connection = manager.set_connection_name("unity")
    try:
        with pytest.raises(DbtRuntimeError, match="is 'main', a Unity Catalog name"):
            manager.execute("select 1")
        assert connection.state == "fail"
    finally:
        manager.cleanup_all()


# --- responses -------------------------------------------------------------------------


def test_get_response_uses_the_native_cursor_response(handle: Any, schema: str) -> None:
    table = f"hive_metastore.{schema}.responses"
    handle.execute(f"create or replace table {table} using delta as select id from range(3)")
    cursor = handle.execute(f"delete from {table} where id > 0")
    response = SessionConnectionManager.get_response(cursor)
    assert response.rows_affected == 2
    assert response.query_id == cursor.query_id


def test_get_response_of_another_cursor_is_dbt_databricks_own() -> None:
    response = SessionConnectionManager.get_response(SimpleNamespace(query_id="q-1"))
    assert response.query_id == "q-1"
    assert response.rows_affected is None


# --- connections -----------------------------------------------------------------------


def test_session_manager_runs_a_query_on_the_session(session_manager: SessionConnectionManager) -> None:
    connection = session_manager.set_connection_name("query")
    response, table = session_manager.execute("select 1 as n, 'x' as s", fetch=True)
    assert table.column_names == ("n", "s")
    assert [tuple(row) for row in table.rows] == [(1, "x")]
    assert connection.session_id and response.query_id.startswith(connection.session_id)


def test_session_manager_binds_seed_values_natively(session_manager: SessionConnectionManager) -> None:
    session_manager.set_connection_name("seed")
    _, cursor = session_manager.add_query("select %s as v, %s as w", bindings=["O'Brien", None])
    assert cursor.fetchall() == [("O'Brien", None)]


def test_session_is_cluster(session_manager: SessionConnectionManager) -> None:
    session_manager.set_connection_name("cluster")
    assert session_manager.is_cluster()


def test_dbsql_warehouse_is_not_a_cluster(dbsql_manager: SessionConnectionManager) -> None:
    dbsql_manager.set_connection_name("warehouse")
    try:
        assert not dbsql_manager.is_cluster()
    finally:
        dbsql_manager.thread_connections.clear()


def test_session_connection_gets_session_capabilities_not_warehouse_ones(
    session_manager: SessionConnectionManager,
) -> None:
    connection = session_manager.set_connection_name("capabilities")
    assert isinstance(connection.capabilities, LocalSparkCapabilities)
    assert not connection.has_capability(DBRCapability.REPLACE_ON)
    assert not connection.has_capability(DBRCapability.COMMENT_ON_COLUMN)
    assert "" not in DatabricksConnectionManager._dbr_capabilities_cache


def test_manager_listings_go_through_the_handle(
    session_manager: SessionConnectionManager, schema: str
) -> None:
    session_manager.set_connection_name("listings")
    session_manager.execute(f"create or replace view hive_metastore.{schema}.listed as select 1 as x")
    tables = session_manager.list_tables("hive_metastore", schema)
    assert ("listed", "view") in {(row["TABLE_NAME"], row["TABLE_TYPE"]) for row in tables.rows}
    schemas = session_manager.list_schemas("hive_metastore", schema)
    assert [row["TABLE_SCHEM"] for row in schemas.rows] == [schema]


def test_cleanup_closes_handles_but_not_spark(spark: Any, schema: str) -> None:
    manager = manager_for(method="session", schema=schema)
    connection = manager.set_connection_name("cleanup")
    manager.execute("select 1")
    handle = connection.handle
    manager.cleanup_all()
    assert not handle.open
    assert spark.sql("select 1 as one").collect()[0].one == 1


def test_session_cancel_open_closes_other_threads_handles_without_an_api_client(
    session_manager: SessionConnectionManager,
) -> None:
    def open_in_worker() -> None:
        session_manager.set_connection_name("worker")
        session_manager.execute("select 1")

    worker = threading.Thread(target=open_in_worker)
    worker.start()
    worker.join()
    (worker_connection,) = session_manager.thread_connections.values()

    try:
        assert session_manager.cancel_open() == ["worker"]
        assert not worker_connection.handle.open
        assert session_manager._api_client is None
        # The invocation's Spark jobs were cancelled too: it starts no new statement.
        session_manager.set_connection_name("after_cancel")
        with pytest.raises(DbtRuntimeError, match="dbt cancelled the run's work .*; after_cancel starts no"):
            session_manager.execute("select 1")
    finally:
        reset_invocation_id()  # what dbt does at the start of its next command


def test_a_renamed_connection_labels_its_spark_jobs_with_the_new_node_and_dbts_invocation(
    session_manager: SessionConnectionManager,
) -> None:
    connection = session_manager.set_connection_name("model.shop.first")
    session_manager.execute("select 1")
    assert (connection.handle.invocation_id, connection.handle.node) == (get_invocation_id(), "model.shop.first")
    reset_invocation_id()
    session_manager.set_connection_name("model.shop.second")
    assert (connection.handle.invocation_id, connection.handle.node) == (get_invocation_id(), "model.shop.second")


def test_session_summary_is_the_native_session_info(session_manager: SessionConnectionManager) -> None:
    assert session_manager.session_summary() == dict(native.session_info())


def test_dbsql_manager_has_no_session_summary(dbsql_manager: SessionConnectionManager) -> None:
    assert dbsql_manager.session_summary() is None
