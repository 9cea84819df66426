"""dbt's adapter response for each statement, and what each model reports: rows written (from
Delta), the Spark work of the model's job group, and dbt-databricks' Databricks job ids.

The bindings report facts (Delta's metrics row, the table a statement wrote, that table's last
commit, a job group's jobs); this module turns them into dbt's objects. The rows of a write
that Spark answers without a metrics row (OSS Delta's CTAS and INSERT) come from the table's
last Delta commit (bindings/delta_commit.hpp): one lookup per such statement, only on OSS
Spark and only for the Delta table of the model being built (never for other tables, views or
non-Delta formats)."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Optional, cast

from dbt_common.invocation import get_invocation_id

from dbt.adapters.databricks.handle import DatabricksAdapterResponse
from dbt_session.native import native


@dataclass
class SessionAdapterResponse(DatabricksAdapterResponse):
    """dbt-databricks' response (query_id; job_id, job_run_id, task_run_id when dbt runs as a
    Databricks dbt_task), plus the Delta commit and the Spark work behind it
    (docs/observability.md, "What each model reports")."""

    delta_operation: Optional[str] = None
    delta_version: Optional[int] = None
    spark_job_ids: Optional[list[int]] = None
    spark_job_time_ms: Optional[int] = None
    spark_task_time_ms: Optional[int] = None
    spark_bytes_written: Optional[int] = None

    @classmethod
    def from_cursor(cls, cursor: Any) -> "SessionAdapterResponse":
        # The parent builds `cls`: its query_id and Databricks job ids, in this class.
        return cast("SessionAdapterResponse", super().from_cursor(cursor))


# Delta's commit metrics that count a write's rows, by operation family (each family sums).
_MERGE_ROWS = ("numTargetRowsInserted", "numTargetRowsUpdated", "numTargetRowsDeleted")
_DML_ROWS = ("numUpdatedRows", "numDeletedRows")


def rows_written(metrics: dict[str, str]) -> Optional[int]:
    """The rows a Delta commit wrote (inserted, updated or deleted), from its operationMetrics.
    A WRITE that replaces part of a table (REPLACE WHERE: dbt-databricks' replace_where and
    microbatch strategies) also rewrites the rows it keeps of each file it touches: they are in
    numOutputRows and counted again in numCopiedRows, and the statement did not write them."""
    if "numOutputRows" in metrics:
        return int(metrics["numOutputRows"]) - int(metrics.get("numCopiedRows", 0))
    for family in (_MERGE_ROWS, _DML_ROWS):
        present = [int(metrics[name]) for name in family if name in metrics]
        if present:
            return sum(present)
    return None


@dataclass
class _NodeBuild:
    """The model (seed, snapshot) a dbt thread is building, between pre_ and post_model_hook."""

    unique_id: str
    name_parts: tuple[str, str, str]  # database, schema, identifier, lower-cased
    delta: bool
    # The newest commit of the node's table known before its next statement: a commit no newer
    # was not made by that statement (an INSERT of no rows makes no Delta commit).
    known_version: int = -1
    responses: list[SessionAdapterResponse] = field(default_factory=list)

    def wrote_own_table(self, written: Optional[list[str]]) -> bool:
        if not self.delta or not written or len(written) > 3:
            return False
        return tuple(part.lower() for part in written) == self.name_parts[-len(written):]


_thread = threading.local()


def _current() -> Optional[_NodeBuild]:
    return getattr(_thread, "node", None)


def begin_node(
    node: Any,
    read_delta_commits: bool = True,
    last_commit: Optional[Callable[[list[str]], Optional[dict[str, Any]]]] = None,
) -> None:
    """Called before a node's materialization, on the thread that runs it. Without
    `read_delta_commits` (a Databricks runtime) rows_affected comes from Spark's answer only.
    `last_commit` is given when the node's table exists and may be written without a commit
    (an incremental model): its commit now is the one no statement of this build made."""
    config = node.config
    database, schema, identifier = node.database or "", node.schema or "", node.alias or node.name
    # dbt-databricks' file_format default is delta; a Python model writes with saveAsTable.
    delta = read_delta_commits and (config.get("file_format") or "delta") == "delta" and config.get("materialized") != "view"
    name_parts = (str(database).lower(), str(schema).lower(), str(identifier).lower())
    build = _NodeBuild(node.unique_id, name_parts, delta)
    if delta and last_commit is not None:
        commit = last_commit([str(database), str(schema), str(identifier)])
        if commit is not None:
            build.known_version = int(commit["version"])
    _thread.node = build


def finish_node() -> None:
    """Called after a node's materialization: every response of the node (one of them is the
    one dbt reports, 'main') gets the Spark work of the node's job group."""
    node = _current()
    _thread.node = None
    if node is None or not node.responses:
        return
    work = native.node_spark_work(get_invocation_id(), node.unique_id)
    for response in node.responses:
        for key, value in work.items():
            setattr(response, key, value)


def response_for(cursor: Any) -> SessionAdapterResponse:
    """The response of one statement (the native cursor builds it once, through this)."""
    response = SessionAdapterResponse.from_cursor(cursor)
    rows = cursor.affected_rows()
    node = _current()
    if rows is None and node is not None and node.wrote_own_table(cursor.written_table()):
        commit = cursor.last_commit()
        if commit is not None and int(commit["version"]) <= node.known_version:
            rows = 0  # no commit of its own: the statement wrote no rows
        elif commit is not None:
            node.known_version = int(commit["version"])
            response.delta_operation = commit["operation"]
            response.delta_version = commit["version"]
            rows = rows_written(commit["metrics"])
    if rows is not None:
        response.rows_affected = int(rows)
        # dbt prints the message in the model's line: `[OK 42 in 1.20s]`.
        response._message = f"OK {rows}"
    if node is not None:
        node.responses.append(response)
    return response


def python_model_response() -> Optional[SessionAdapterResponse]:
    """The response of a Python model run in the session (dbt-spark asks the connection
    manager for it with no cursor); None outside a node built in session mode."""
    node = _current()
    if node is None:
        return None
    response = SessionAdapterResponse.from_cursor(None)
    node.responses.append(response)
    return response


native.set_response_builder(response_for)
