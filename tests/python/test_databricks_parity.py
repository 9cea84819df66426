"""Databricks parity: on a Databricks runtime, session mode emits exactly the SQL plain
dbt-databricks emits for an all-purpose cluster of that runtime (docs/compatibility.md,
"Databricks parity").

The same project (tests/python/parity_project) is built twice per runtime version and catalog:
- way A, `type: databricks, method: session`, through dbt-session's plugin and C++ bindings on a
  fake Databricks SparkSession that reports the runtime in its conf;
- way B, plain dbt-databricks with host, token and a cluster http_path, whose SQL connector is
  replaced by a fake that reports the same runtime.
Both fakes record every statement and answer from one pretend workspace
(tests/python/databricks_fakes.py), once with no relations (first run) and once with all of
them (a rerun: incremental strategies, snapshot merge, relation config changes). No JVM, no
network: the run takes seconds.

Differences allowed, each named and narrow (see `comparable`):
1. query comments carry dbt's invocation id, which differs between two invocations;
2. way B asks the cluster for its runtime with `SET spark.databricks.clusterUsageTags.sparkVersion`
   over the connector; session mode reads that conf from the session instead;
3. statements that load seed rows (`insert overwrite|into <seed> values ...`): session mode may
   load them with a DataFrame write instead (no SQL at all); when it uses SQL it must be the same.
"""

from __future__ import annotations

import difflib
import inspect
import multiprocessing
import re
import shutil
import socket
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from dbt_common.exceptions import DbtRuntimeError

import dbt.adapters.databricks as databricks_package
import dbt.adapters.databricks.connections as databricks_connections
from databricks_fakes import (
    FakeSparkSession,
    FakeSqlConnector,
    Relation,
    Statement,
    Workspace,
    list_schemas_call,
    list_tables_call,
)
from dbt.adapters.base import AdapterPlugin
from dbt.adapters.databricks.api_client import DatabricksApiClient
from dbt.adapters.databricks.connections import DatabricksConnectionManager
from dbt.adapters.databricks.credentials import DatabricksCredentials
from dbt.adapters.databricks.impl import DatabricksAdapter
from dbt.adapters.factory import FACTORY
from dbt.cli.main import dbtRunner
from dbt.include import databricks as databricks_macros

import dbt_session
from dbt_session.connections import SessionConnectionManager
from dbt_session.credentials import SessionCredentials
from dbt_session.rest_api import FEATURES as REST_FEATURES

PROJECT = Path(__file__).parent / "parity_project"
SCHEMA = "parity"
SEED_ROWS = 3  # rows of parity_project/seeds/raw_orders.csv
# An all-purpose cluster's http path: dbt-databricks takes it for a cluster (not a SQL
# warehouse) and asks it for its runtime version.
CLUSTER_HTTP_PATH = "sql/protocolv1/o/1234567890123456/0123-456789-parity01"

# Runtime tags as clusters report them; 17.3 has REPLACE ON, COMMENT ON COLUMN and DESCRIBE ...
# AS JSON, 15.4 has none of them.
RUNTIMES = {"17.3": "17.3.x-scala2.13", "15.4": "15.4.x-scala2.12"}
CATALOGS = ("hive_metastore", "main")

# Plain dbt-databricks, as `dbt.adapters.databricks` defines it before dbt-session installs
# its plugin (the same four fields).
PLAIN_PLUGIN = AdapterPlugin(
    adapter=DatabricksAdapter,  # type: ignore[arg-type]
    credentials=DatabricksCredentials,
    include_path=databricks_macros.PACKAGE_PATH,
    dependencies=["spark"],
)


def project_relations() -> dict[str, Relation]:
    """What the pretend workspace holds on a rerun: every relation the project builds."""
    orders = [("order_id", "int"), ("customer", "string"), ("amount", "decimal(4,2)"),
              ("order_date", "date")]
    scd = [("dbt_scd_id", "string"), ("dbt_updated_at", "timestamp"),
           ("dbt_valid_from", "timestamp"), ("dbt_valid_to", "timestamp")]
    return {
        "raw_orders": Relation([("order_id", "int"), ("customer", "string"), ("amount", "double"),
                                ("ordered_at", "date")]),
        "stg_orders": Relation(orders, kind="view"),
        "orders_table": Relation(orders, tblproperties={"delta.enableChangeDataFeed": "true"}),
        "inc_merge": Relation(orders),
        "inc_append": Relation([("order_id", "int"), ("amount", "decimal(4,2)")]),
        "inc_insert_overwrite": Relation([("order_id", "int"), ("amount", "decimal(4,2)"),
                                          ("order_date", "date")]),
        "inc_replace_where": Relation([("order_id", "int"), ("amount", "decimal(4,2)"),
                                       ("order_date", "date")]),
        "uc_tagged_table": Relation([("order_id", "int"), ("customer", "string")]),
        "uc_orders_mv": Relation([("order_date", "date"), ("total", "decimal(14,2)")],
                                 kind="materialized_view"),
        "orders_snapshot": Relation(orders + scd),
    }


def write_profile(directory: Path, catalog: str, session: bool) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    connection = (
        "      method: session\n"
        if session
        else f"      host: parity.cloud.databricks.com\n      http_path: {CLUSTER_HTTP_PATH}\n"
        "      token: dapi-not-a-real-token\n"
    )
    (directory / "profiles.yml").write_text(
        "parity:\n  target: ci\n  outputs:\n    ci:\n      type: databricks\n"
        f"{connection}      catalog: {catalog}\n      schema: {SCHEMA}\n      threads: 1\n"
    )
    return directory


def dbt_args(project: Path, profiles: Path, command: tuple[str, ...]) -> list[str]:
    return ["--no-send-anonymous-usage-stats", *command, "--project-dir", str(project),
            "--profiles-dir", str(profiles), "--target-path", str(profiles / "target"),
            "--log-path", str(profiles / "logs")]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither way may reach a host: a REST or OAuth call fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(autouse=True)
def isolated_dbt_adapter_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """dbt_session.run installs dbt-session's plugin for good, and dbt's adapter factory keeps
    the plugins it loaded: both are put back after each test, as are the mode switches (the
    factory's adapters: conftest.py)."""
    monkeypatch.setattr(databricks_package, "Plugin", databricks_package.Plugin)
    monkeypatch.setattr(FACTORY, "plugins", dict(FACTORY.plugins))
    monkeypatch.delenv("DBT_DATABRICKS_SESSION_MODE", raising=False)
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy)
    return copy


def run_session_mode(project: Path, workspace: Workspace, catalog: str, tmp: Path,
                     monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...] = ("build",)) -> Any:
    """Way A: dbt-session's plugin and bindings on a fake Databricks SparkSession."""
    for name, call in (("list_tables", list_tables_call), ("list_schemas", list_schemas_call)):
        original = getattr(DatabricksConnectionManager, name)

        def folded(self: Any, database: str, schema: Any = None, *, _original: Any = original,
                   _call: Any = call) -> Any:
            label = _call(database.strip("`"), schema.strip("`").lower() if schema else schema)
            with workspace.metadata_call(label):
                return _original(self, database, schema)

        monkeypatch.setattr(SessionConnectionManager, name, folded)
    profiles = write_profile(tmp / "session", catalog, session=True)
    return dbt_session.run(dbt_args(project, profiles, command), spark=FakeSparkSession(workspace))


def run_plain_dbt_databricks(project: Path, workspace: Workspace, catalog: str, tmp: Path,
                             monkeypatch: pytest.MonkeyPatch,
                             command: tuple[str, ...] = ("build",)) -> Any:
    """Way B: plain dbt-databricks on an all-purpose cluster, its SQL connector faked."""
    connector = FakeSqlConnector(workspace)
    monkeypatch.setattr(databricks_package, "Plugin", PLAIN_PLUGIN)
    monkeypatch.setattr("databricks.sql.connect", connector)
    # The SPOG discovery probe is an HTTP GET to the host; it has nothing to do with SQL.
    monkeypatch.setattr(databricks_connections, "check_spog_preconditions", lambda **_: None)
    # Capabilities are cached per http_path for the process: each runtime starts afresh.
    monkeypatch.setattr(DatabricksConnectionManager, "_dbr_capabilities_cache", {})
    profiles = write_profile(tmp / "dbsql", catalog, session=False)
    result = dbtRunner().invoke(dbt_args(project, profiles, command))
    assert connector.connect_args, "plain dbt-databricks never opened a connection"
    assert all(args["http_path"] == CLUSTER_HTTP_PATH for args in connector.connect_args)
    return result


RUNTIME_LOOKUP = re.compile(r"^SET spark\.databricks\.clusterUsageTags\.sparkVersion$", re.I)
INVOCATION_ID = re.compile(r'"invocation_id": "[0-9a-f-]+"')


def is_seed_row_load(statement: str, catalog: str) -> bool:
    seed = rf"`?{catalog}`?\.`?{SCHEMA}`?\.`?raw_orders`?"
    return re.match(rf"^(?:/\*.*?\*/\s*)?insert (?:overwrite|into) {seed} values", statement,
                    re.S | re.I) is not None


def comparable(statements: list[Statement], catalog: str) -> tuple[list[Statement], list[Statement]]:
    """(statements to compare, seed row loads): the named differences taken out."""
    kept, seed_loads = [], []
    for statement in statements:
        statement = Statement(INVOCATION_ID.sub('"invocation_id": "<invocation>"', statement.text),
                              statement.values)
        if RUNTIME_LOOKUP.match(statement.text):
            continue
        (seed_loads if is_seed_row_load(statement.text, catalog) else kept).append(statement)
    return kept, seed_loads


def lines(statements: list[Statement]) -> list[str]:
    return [line for s in statements for line in str(s).splitlines() + ["-- ;"]]


def assert_same_statements(session: list[Statement], plain: list[Statement], catalog: str,
                           loads_seeds: bool = True) -> None:
    session_kept, session_seed_loads = comparable(session, catalog)
    plain_kept, plain_seed_loads = comparable(plain, catalog)
    assert bool(plain_seed_loads) == loads_seeds, "seed rows loaded with SQL: " + str(plain_seed_loads)
    assert session_seed_loads in ([], plain_seed_loads), "\n".join(
        difflib.unified_diff(lines(plain_seed_loads), lines(session_seed_loads),
                             "dbt-databricks seed loads", "session mode seed loads", lineterm=""))
    if session_kept != plain_kept:
        diff = difflib.unified_diff(
            lines(plain_kept), lines(session_kept),
            "plain dbt-databricks", "dbt-session (method: session)", lineterm="", n=4,
        )
        pytest.fail("session mode's SQL differs from plain dbt-databricks':\n" + "\n".join(diff),
                    pytrace=False)


def keep_for_reading(tmp_path: Path, plain: Workspace, session: Workspace) -> None:
    """Both statement lists, next to the test's files, for reading when it fails."""
    (tmp_path / "plain.sql").write_text("\n".join(lines(plain.statements)))
    (tmp_path / "session.sql").write_text("\n".join(lines(session.statements)))


def statuses(result: Any) -> dict[str, str]:
    assert result.result is not None, result.exception
    return {r.node.name: str(r.status) for r in result.result}


# Every pair of (runtime, catalog, first run or rerun) values occurs in these four cases
# (pairwise, half of the eight combinations): the runtime-gated SQL below depends on runtime and
# rerun, the names on the catalog, and no statement on all three at once.
PARITY_CASES = [("15.4", "hive_metastore", False), ("15.4", "main", True),
                ("17.3", "main", False), ("17.3", "hive_metastore", True)]


@pytest.mark.parametrize(("runtime", "catalog", "rerun"), PARITY_CASES,
                         ids=[f"{'rerun' if rerun else 'first-run'}-{runtime}-{catalog}"
                              for runtime, catalog, rerun in PARITY_CASES])
def test_session_mode_emits_the_sql_plain_dbt_databricks_emits_for_the_same_runtime(
    runtime: str, catalog: str, rerun: bool, project: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def workspace() -> Workspace:
        return Workspace(RUNTIMES[runtime], catalog, SCHEMA, project_relations(), existing=rerun)

    plain_workspace, session_workspace = workspace(), workspace()
    plain = run_plain_dbt_databricks(project, plain_workspace, catalog, tmp_path, monkeypatch)
    session = run_session_mode(project, session_workspace, catalog, tmp_path, monkeypatch)

    keep_for_reading(tmp_path, plain_workspace, session_workspace)
    assert set(statuses(plain).values()) <= {"success", "pass"}, statuses(plain)
    assert statuses(session) == statuses(plain)
    assert any(RUNTIME_LOOKUP.match(s.text) for s in plain_workspace.statements), (
        "plain dbt-databricks never asked the cluster for its runtime version")
    # The runtime reached plain dbt-databricks: insert_overwrite into an existing table uses
    # REPLACE ON from DBR 17.1 on, and COMMENT ON COLUMN (persist_docs) from 16.1 on.
    plain_text = "\n".join(s.text.lower() for s in plain_workspace.statements)
    assert ("replace on (" in plain_text) == (rerun and runtime == "17.3")
    assert ("comment on column" in plain_text) == (runtime == "17.3")
    assert_same_statements(session_workspace.statements, plain_workspace.statements, catalog)
    assert session_workspace.jvm_reaches == []
    # The named seed difference, exactly: session mode wrote the seed's rows in one DataFrame
    # write instead of INSERT statements, and wrote nothing else that way.
    assert [(table.split(".")[-1].strip("`"), overwrite, rows)
            for table, overwrite, rows in session_workspace.dataframe_writes] == [("raw_orders", True, SEED_ROWS)]
    assert plain_workspace.dataframe_writes == []


@pytest.mark.parametrize("catalog", CATALOGS)
def test_docs_generate_in_session_mode_emits_the_sql_plain_dbt_databricks_emits(
    catalog: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docs generate` reaches session mode's two OSS-only catalog overrides (no USE CATALOG,
    DESCRIBE when SHOW TABLE EXTENDED prints no schema): on a Databricks runtime both must
    leave plain dbt-databricks' statements alone."""
    command = ("docs", "generate")

    def workspace() -> Workspace:
        return Workspace(RUNTIMES["17.3"], catalog, SCHEMA, project_relations(), existing=True)

    plain_workspace, session_workspace = workspace(), workspace()
    plain = run_plain_dbt_databricks(project, plain_workspace, catalog, tmp_path, monkeypatch, command)
    session = run_session_mode(project, session_workspace, catalog, tmp_path, monkeypatch, command)

    keep_for_reading(tmp_path, plain_workspace, session_workspace)
    assert plain.success, plain.exception
    assert session.success, session.exception
    assert_same_statements(session_workspace.statements, plain_workspace.statements, catalog,
                           loads_seeds=False)


# --- what dbt-databricks does through its REST API ------------------------------------------


def session_manager() -> SessionConnectionManager:
    credentials = SessionCredentials.from_dict({"method": "session", "schema": SCHEMA})
    return SessionConnectionManager(SimpleNamespace(credentials=credentials),  # type: ignore[arg-type]
                                    multiprocessing.get_context("spawn"))


def rest_api_groups() -> list[str]:
    """The API groups the installed dbt-databricks' REST client exposes (self.<group> = ...)."""
    return re.findall(r"self\.(\w+) = ", inspect.getsource(DatabricksApiClient.__init__))


def test_every_rest_api_group_of_dbt_databricks_is_named_for_session_mode() -> None:
    assert rest_api_groups(), "DatabricksApiClient's API groups were not found"
    assert sorted(rest_api_groups()) == sorted(REST_FEATURES)


@pytest.mark.parametrize("group", sorted(REST_FEATURES))
def test_session_mode_refuses_each_rest_api_group_with_the_feature_not_a_host_error(group: str) -> None:
    client = session_manager().api_client
    with pytest.raises(DbtRuntimeError) as refused:
        getattr(client, group)
    message = str(refused.value)
    assert REST_FEATURES[group] in message
    assert "method: session" in message and "method: dbsql" in message


def test_session_mode_cancel_open_makes_no_rest_call() -> None:
    assert session_manager().cancel_open() == []


def test_waiting_for_a_materialized_view_refresh_fails_at_that_model_naming_the_feature(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing materialized view whose tblproperties name its pipeline: plain
    dbt-databricks waits for the pipeline's running update through the Pipelines REST API
    before reading its config. There is no SQL for that wait, so session mode stops at that
    model with the feature named, and nothing is built on top of a half-refreshed view."""
    command = ("build", "--select", "uc_orders_mv")
    relations = project_relations()
    relations["uc_orders_mv"].tblproperties["pipelines.pipelineId"] = "pipeline-0001"
    polled: list[str] = []
    pipelines = SimpleNamespace(poll_for_completion=polled.append)
    monkeypatch.setattr(DatabricksConnectionManager, "api_client",
                        property(lambda self: SimpleNamespace(dlt_pipelines=pipelines)))

    plain = run_plain_dbt_databricks(project, Workspace(RUNTIMES["17.3"], "main", SCHEMA, relations, True),
                                     "main", tmp_path, monkeypatch, command)
    assert statuses(plain) == {"uc_orders_mv": "success"}
    assert polled == ["pipeline-0001"], "plain dbt-databricks did not wait on the pipeline"

    session_workspace = Workspace(RUNTIMES["17.3"], "main", SCHEMA, relations, True)
    session = run_session_mode(project, session_workspace, "main", tmp_path, monkeypatch, command)
    assert statuses(session) == {"uc_orders_mv": "error"}
    message = str(session.result[0].message)
    assert "model.parity.uc_orders_mv" in message
    assert REST_FEATURES["dlt_pipelines"] in message
    assert not any("materialized view" in s.text.lower() and "create" in s.text.lower()
                   for s in session_workspace.statements)
