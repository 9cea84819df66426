"""The connection manager: dbt-databricks' own, with the session's C++ handle as the
connection in session mode. Every override defers to dbt-databricks when the target's
method is ``dbsql``."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Optional, cast

from dbt.adapters.contracts.connection import AdapterResponse, Connection, ConnectionState
from dbt_common.exceptions import DbtRuntimeError
from dbt_common.invocation import get_invocation_id

from dbt.adapters.databricks.connections import (
    DatabricksConnectionManager,
    DatabricksDBTConnection,
    QueryConfigUtils,
    QueryContextWrapper,
)
from dbt.adapters.databricks.events.other_events import QueryError
from dbt.adapters.databricks.logging import logger
from dbt.adapters.databricks.utils import redact_credentials
from dbt_session.capabilities import capabilities_for
from dbt_session.mode import is_session
from dbt_session.native import native
from dbt_session import responses
from dbt_session.responses import SessionAdapterResponse
from dbt_session.rest_api import NoRestApiInSessionMode


class SessionConnectionManager(DatabricksConnectionManager):
    @property
    def _is_session(self) -> bool:
        return is_session(self.profile.credentials)

    @classmethod
    def open(cls, connection: Connection) -> Connection:
        if not is_session(connection.credentials):
            return super().open(connection)
        if connection.state == ConnectionState.OPEN:
            return connection
        creds = connection.credentials
        # The parent merges the profile's, the model's and its own query tags as it opens a
        # connection, refusing reserved keys and long values: the same project fails the same
        # way here. Session mode has no SQL connector to send them with.
        context = getattr(connection, "_query_header_context", None)
        if context:
            QueryConfigUtils.get_merged_query_tags(context, creds)
        try:
            handle = native.open_handle(creds.database, creds.schema, creds.session_properties)
        except DbtRuntimeError:
            # Already a dbt error naming the cause (retry_connection would wrap it again).
            connection.handle = None
            connection.state = ConnectionState.FAIL
            raise
        cast(DatabricksDBTConnection, connection).session_id = handle.session_id
        label_jobs(handle, connection)
        connection.handle = handle
        connection.state = ConnectionState.OPEN
        return connection

    @classmethod
    def _cache_dbr_capabilities(cls, creds: Any, http_path: str) -> None:
        # The parent asks the cluster over the SQL connector, keyed by http_path. Session
        # capabilities are read from the session when the connection is created instead.
        if not is_session(creds):
            super()._cache_dbr_capabilities(creds, http_path)

    def set_connection_name(
        self, name: Optional[str] = None, query_header_context: Any = None
    ) -> Connection:
        connection = super().set_connection_name(name, query_header_context)
        # dbt renames the thread's connection when the thread moves to another node (an
        # unopened handle is labelled when it opens).
        if self._is_session and connection.state == ConnectionState.OPEN:
            label_jobs(connection.handle, connection)
        return connection

    def _create_fresh_connection(
        self, conn_name: str, query_header_context: QueryContextWrapper
    ) -> DatabricksDBTConnection:
        connection = super()._create_fresh_connection(conn_name, query_header_context)
        if self._is_session:
            # Macros ask for capabilities while rendering, before the first statement opens
            # the connection, so they must be right from creation on.
            connection.capabilities = capabilities_for(native.session_info()["databricks_runtime"])
        return connection

    @property
    def api_client(self) -> Any:
        # The parent builds a REST client from host and token on first use; session mode has
        # neither, so each REST-only feature fails at its model, named (rest_api.py).
        return NoRestApiInSessionMode() if self._is_session else super().api_client

    def is_cluster(self) -> bool:
        return True if self._is_session else super().is_cluster()

    def cancel_open(self) -> list[str]:
        if not self._is_session:
            return super().cancel_open()
        # The parent also cancels Python job runs through the Databricks REST API, which
        # needs a host and token; session mode has no such runs. Its Spark jobs (SQL and
        # Python models alike) carry this invocation's tag: cancel those, then the handles.
        # The calling connection keeps working, as the parent leaves it open: after
        # --fail-fast's cancel, dbt runs the on-run-end hooks on it.
        caller = self.get_if_exists()
        try:
            native.cancel_invocation_jobs(get_invocation_id(), caller.name if caller else "")
            return super(DatabricksConnectionManager, self).cancel_open()
        finally:
            # Statements the interrupt made fail on dbt's workers wait for this, so that their
            # connections are still open and listed above (bindings/run_interruption.hpp).
            native.note_connections_cancelled()

    @classmethod
    def get_response(cls, cursor: Any) -> AdapterResponse:
        if isinstance(cursor, native.Cursor):
            return cast(SessionAdapterResponse, cursor.get_response())
        # A Python model's submission (dbt-spark's generate_python_submission_response).
        python_model = responses.python_model_response() if cursor is None else None
        return python_model or super().get_response(cursor)

    @contextmanager
    def exception_handler(self, sql: str) -> Iterator[None]:
        if not self._is_session:
            with super().exception_handler(sql):
                yield
            return
        # The handle already raises dbt errors (DbtDatabaseError with Spark's error class);
        # the parent would wrap them a second time.
        try:
            yield
        except DbtRuntimeError as error:
            logger.debug(QueryError(redact_credentials(sql), error))
            raise

    def session_summary(self) -> Optional[dict[str, Any]]:
        return dict(native.session_info()) if self._is_session else None


def label_jobs(handle: Any, connection: Connection) -> None:
    """The handle labels its Spark jobs with dbt's invocation id (reset by dbt at the start of
    every command, and named in run_results.json) and the node dbt named the connection after
    (its unique_id), for the Spark UI and for cancelling this invocation's jobs only."""
    handle.invocation_id = get_invocation_id()
    handle.node = connection.name or ""
