"""`dbt debug` under a session target makes no call to a Databricks workspace, even when the
target still names a `host` (README: "no host/token and no API calls")."""

import socket
import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from dbt.adapters.databricks.impl import DatabricksAdapter

from dbt_session.credentials import SessionCredentials
from dbt_session.impl import DatabricksAdapterWithSession


class ConnectionRecorder:
    """A local TCP listener standing in for the workspace: counts the connections it gets."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()  # no TLS: the client's handshake fails at once

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.server.close()


@pytest.fixture
def workspace() -> Iterator[ConnectionRecorder]:
    recorder = ConnectionRecorder()
    yield recorder
    recorder.close()


def adapter_for(method: str, host: str) -> Any:
    """The adapter as `dbt debug` holds it, with its query and session summary stubbed."""
    adapter = DatabricksAdapterWithSession.__new__(DatabricksAdapterWithSession)
    profile = {"method": method, "schema": "analytics", "host": host, "http_path": "sql/1.0/warehouses/abc"}
    adapter.config = SimpleNamespace(credentials=SessionCredentials.from_dict(profile))
    adapter.connections = SimpleNamespace(session_summary=lambda: None)
    adapter.queries = []
    adapter.execute = lambda sql, **_: adapter.queries.append(sql)
    return adapter


def test_dbt_databricks_debug_query_probes_the_host(workspace: ConnectionRecorder) -> None:
    # Pins the dbt-databricks behaviour the override exists for: if this starts failing, the
    # probe is gone and the override in dbt_session.impl can go.
    adapter = adapter_for("dbsql", f"127.0.0.1:{workspace.port}")
    DatabricksAdapter.debug_query(adapter)
    assert workspace.connections >= 1


def test_session_debug_query_runs_its_query_and_calls_no_host(workspace: ConnectionRecorder) -> None:
    adapter = adapter_for("session", f"127.0.0.1:{workspace.port}")
    adapter.debug_query()
    assert adapter.queries == ["select 1 as id"]
    assert workspace.connections == 0
