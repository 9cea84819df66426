"""A pretend Databricks workspace for the parity test (test_databricks_parity.py).

One `Workspace` answers SQL for both ways a dbt run can reach Databricks:
- `FakeSparkSession`: what dbt-session's bindings call on a cluster's SparkSession
  (`sql(text, args)`, `conf`, `catalog`, `newSession`);
- `FakeSqlConnector`: what dbt-databricks calls on the Databricks SQL connector
  (`connect(...)`, `cursor().execute(sql, params)`, `cursor().tables(...)`/`schemas(...)`).

Both record every statement in the same form and get the same answers, so any difference in
the recorded statements comes from the adapters, not from the fakes. The answers only need
to be plausible enough for dbt-databricks' control flow (which relations exist, their
columns and properties), never correct data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Optional

from pyspark.sql import Row

RUNTIME_VERSION_CONF = "spark.databricks.clusterUsageTags.sparkVersion"
DELTA_CATALOG_CLASS = "org.apache.spark.sql.delta.catalog.DeltaCatalog"

# Metadata requests of the SQL connector (Thrift GetTables/GetSchemas) are not SQL; both
# ways record them in this form (session mode answers them with SHOW statements).
def list_tables_call(database: str, schema: str) -> str:
    return f"<metadata: list tables in {database}.{schema}>"


def list_schemas_call(database: str, schema: Optional[str]) -> str:
    return f"<metadata: list schemas in {database} like {schema}>"


@dataclass(frozen=True)
class Statement:
    """One statement as a driver received it. Values compare with ==, so a seed value bound
    as Decimal('10.50') equals the same value bound as 10.5."""

    text: str
    values: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return self.text + (f"\n-- values: {self.values!r}" if self.values else "")


@dataclass
class Relation:
    columns: list[tuple[str, str]]
    kind: str = "table"  # table | view | materialized_view
    tblproperties: dict[str, str] = field(default_factory=dict)


@dataclass
class Answer:
    columns: list[tuple[str, str]]
    rows: list[tuple[Any, ...]]


def _name_after(keyword: str, sql: str) -> Optional[str]:
    """The last part of the (possibly quoted, possibly three-part) name after `keyword`."""
    match = re.search(keyword + r"\s+((?:`[^`]+`|[\w]+)(?:\.(?:`[^`]+`|[\w]+))*)", sql, re.I)
    if not match:
        return None
    return match.group(1).split(".")[-1].strip("`").lower()


class Workspace:
    """The relations one schema holds and the runtime version the compute reports."""

    def __init__(self, runtime_tag: str, catalog: str, schema: str, relations: dict[str, Relation],
                 existing: bool) -> None:
        self.runtime_tag = runtime_tag
        self.catalog = catalog
        self.schema = schema
        self.relations = relations
        # A fresh workspace holds none of the project's relations; a rerun finds all of them.
        self.existing = existing
        self.statements: list[Statement] = []
        # (table, overwrite, rows) of each DataFrame write: session mode's seed loads, no SQL.
        self.dataframe_writes: list[tuple[str, bool, int]] = []
        # Names dbt-session looked up on a JVM session: must stay empty (UntouchableJvmSession).
        self.jvm_reaches: list[str] = []
        self._metadata_depth = 0

    def record(self, statement: Statement) -> None:
        if self._metadata_depth == 0:
            self.statements.append(statement)

    @contextmanager
    def metadata_call(self, call: str) -> Iterator[None]:
        """Records `call` once for a connection-level metadata request, whatever SQL the
        connection issues to answer it (session mode answers with SHOW statements)."""
        self.record(Statement(call))
        self._metadata_depth += 1
        try:
            yield
        finally:
            self._metadata_depth -= 1

    def exists(self, name: str) -> bool:
        return self.existing and name in self.relations

    def existing_relations(self) -> list[tuple[str, Relation]]:
        return [(name, rel) for name, rel in self.relations.items() if self.exists(name)]

    def describe(self, name: str) -> Answer:
        relation = self.relations.get(name)
        rows: list[tuple[Any, ...]] = [(c, t, None) for c, t in (relation.columns if relation else [])]
        rows += [("", "", ""), ("# Detailed Table Information", "", ""),
                 ("Catalog", self.catalog, ""), ("Database", self.schema, ""), ("Table", name, ""),
                 ("Type", "VIEW" if relation and relation.kind == "view" else "MANAGED", ""),
                 ("Provider", "delta", "")]
        if relation and relation.kind == "materialized_view":
            rows.append(("Refresh Schedule", "MANUAL", ""))
        return Answer([("col_name", "string"), ("data_type", "string"), ("comment", "string")], rows)

    def describe_as_json(self, name: str) -> Answer:
        relation = self.relations.get(name, Relation([]))

        def json_type(kind: str) -> dict[str, Any]:
            decimal = re.fullmatch(r"decimal\((\d+),(\d+)\)", kind)
            if decimal:
                return {"name": "decimal", "precision": int(decimal[1]), "scale": int(decimal[2])}
            return {"name": kind}

        metadata = {
            "table_name": name, "catalog_name": self.catalog, "schema_name": self.schema,
            "type": "VIEW" if relation.kind == "view" else "MANAGED", "provider": "delta",
            "columns": [{"name": c, "type": json_type(t), "nullable": True} for c, t in relation.columns],
            "table_properties": relation.tblproperties,
        }
        if relation.kind == "view":
            metadata["view_text"] = "select 1"
        return Answer([("json_metadata", "string")], [(json.dumps(metadata),)])

    def answer(self, sql: str) -> Answer:
        # dbt puts its query comment (a JSON object in /* */) in front of each statement.
        text = " ".join(re.sub(r"^\s*/\*.*?\*/", "", sql, count=1, flags=re.S).split())
        lowered = text.lower()
        if lowered.startswith("set ") and RUNTIME_VERSION_CONF.lower() in lowered:
            return Answer([("key", "string"), ("value", "string")], [(RUNTIME_VERSION_CONF, self.runtime_tag)])
        if "current_catalog()" in lowered:
            return Answer([("current_catalog()", "string")], [(self.catalog,)])
        if lowered.startswith("show table extended"):
            return self.show_table_extended()
        if lowered.startswith("show tables"):
            return Answer([("namespace", "string"), ("tableName", "string"), ("isTemporary", "boolean")],
                          [(self.schema, name, False) for name, _ in self.existing_relations()])
        if lowered.startswith("show views"):
            return Answer([("namespace", "string"), ("viewName", "string"), ("isTemporary", "boolean")],
                          [(self.schema, name, False) for name, rel in self.existing_relations()
                           if rel.kind == "view"])
        if lowered.startswith("show schemas"):
            return Answer([("namespace", "string")], [(self.schema,)] if self.existing else [])
        if lowered.startswith("show tblproperties"):
            relation = self.relations.get(_name_after("tblproperties", text) or "")
            properties = relation.tblproperties if relation else {}
            return Answer([("key", "string"), ("value", "string")], sorted(properties.items()))
        if lowered.startswith("describe"):
            name = _name_after(r"describe(?:\s+table)?(?:\s+extended)?", text) or ""
            if lowered.endswith(" as json"):
                return self.describe_as_json(name)
            return self.describe(name)
        if "__dbt_sbq" in lowered:  # dbt's empty subquery: only the result's columns matter
            return Answer(self.query_columns(lowered), [])
        if "information_schema.tables" in lowered or "information_schema`.`tables" in lowered:
            return self.uc_tables(lowered)
        if "information_schema" in lowered:
            return Answer([("value", "string")], [])
        if lowered.startswith("select") and "failures" in lowered and "should_warn" in lowered:
            return Answer([("failures", "bigint"), ("should_warn", "boolean"), ("should_error", "boolean")],
                          [(0, False, False)])
        return Answer([], [])

    def show_table_extended(self) -> Answer:
        # No "Schema:" block, as a runtime prints for some tables: dbt-databricks then leaves
        # them out of the catalog, and so must session mode on Databricks.
        def information(name: str, relation: Relation) -> str:
            kind = "VIEW" if relation.kind == "view" else "MANAGED"
            return (f"Catalog: {self.catalog}\nDatabase: {self.schema}\nTable: {name}\n"
                    f"Owner: owner@example.com\nType: {kind}\nProvider: delta\n")

        return Answer([("namespace", "string"), ("tableName", "string"), ("isTemporary", "boolean"),
                       ("information", "string")],
                      [(self.schema, name, False, information(name, rel))
                       for name, rel in self.existing_relations()])

    def query_columns(self, lowered: str) -> list[tuple[str, str]]:
        if "dbt_snapshot_time" in lowered:
            return [("dbt_snapshot_time", "timestamp")]
        # A contract's schema query: `cast(null as <type>) as <column>` for each column.
        typed = re.findall(r"cast\(null as (\w+(?:\([\d, ]+\))?)\)\s+as (\w+)", lowered)
        if typed:
            return [(name, kind) for kind, name in typed]
        columns: list[tuple[str, str]] = []
        for name in re.findall(r"`?[\w]+`?\.`?[\w]+`?\.`?(\w+)`?", lowered):
            if name in self.relations:
                columns = list(self.relations[name].columns)
                break
        if "dbt_updated_at" in lowered:
            columns = [c for c in columns if not c[0].startswith("dbt_")]
            columns += [("dbt_scd_id", "string"), ("dbt_updated_at", "timestamp"),
                        ("dbt_valid_from", "timestamp"), ("dbt_valid_to", "timestamp")]
        return columns

    def uc_tables(self, lowered: str) -> Answer:
        only = re.search(r"table_name = '(\w+)'", lowered)
        return Answer(
            [("table_name", "string"), ("table_type", "string"), ("file_format", "string"),
             ("table_owner", "string"), ("databricks_table_type", "string")],
            [(name, "table" if rel.kind == "table" else rel.kind, "delta", "owner@example.com",
              "managed" if rel.kind == "table" else None)
             for name, rel in self.existing_relations() if not only or only[1] == name],
        )


# --- what dbt-session's bindings call on a cluster's SparkSession --------------------------


class _DataType:
    def __init__(self, name: str) -> None:
        self._name = name

    def simpleString(self) -> str:  # noqa: N802 (pyspark's name)
        return self._name


@dataclass
class _Field:
    name: str
    dataType: _DataType  # noqa: N815 (pyspark's name)
    nullable: bool = True


class _Schema:
    def __init__(self, columns: list[tuple[str, str]]) -> None:
        self.fields = [_Field(name, _DataType(kind)) for name, kind in columns]


class FakeDataFrame:
    def __init__(self, answer: Answer) -> None:
        self._answer = answer
        self.schema = _Schema(answer.columns)

    def collect(self) -> list[Row]:
        row_type = Row(*[name for name, _ in self._answer.columns])
        return [row_type(*values) for values in self._answer.rows]


class FakeConf:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: str) -> None:
        self.values[key] = value


class FakeCatalog:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def databaseExists(self, name: str) -> bool:  # noqa: N802
        return self._workspace.existing

    def setCurrentDatabase(self, name: str) -> None:  # noqa: N802
        pass


class UntouchableJvmSession:
    """Stands for `_jsparkSession`: on Databricks nothing may reach into the JVM session (the
    local `hive_metastore` alias must not be installed, hive_metastore is a real catalog; a
    closed connection's state is left to the runtime). Reaches are recorded as well as raised,
    since a best-effort caller may swallow the error."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def __getattr__(self, name: str) -> Any:
        self._workspace.jvm_reaches.append(name)
        raise AssertionError(f"dbt-session reached into the JVM session ({name}) on Databricks")


class _SparkContext:
    """The SparkContext calls session mode makes for job labels (bindings/job_labels.cpp):
    kept here, not recorded as statements, since they issue no SQL."""

    master = "databricks-fake"

    def __init__(self) -> None:
        self.job_groups: list[tuple[str, str]] = []
        self.job_tags: set[str] = set()
        self.local_properties: dict[str, str] = {}

    def setJobGroup(self, group: str, description: str, interruptOnCancel: bool = False) -> None:  # noqa: N802,N803
        self.job_groups.append((group, description))

    def setLocalProperty(self, key: str, value: str) -> None:  # noqa: N802
        self.local_properties[key] = value  # the thread's scheduler pool

    def addJobTag(self, tag: str) -> None:  # noqa: N802
        self.job_tags.add(tag)

    def removeJobTag(self, tag: str) -> None:  # noqa: N802
        self.job_tags.discard(tag)

    def cancelJobsWithTag(self, tag: str) -> None:  # noqa: N802
        pass

    @property
    def _jvm(self) -> Any:
        raise AssertionError("dbt-session reached into the JVM (sparkContext._jvm) on Databricks")


class _NewDataFrame:
    def __init__(self, workspace: Workspace, rows: int) -> None:
        self._workspace = workspace
        self._rows = rows

    @property
    def write(self) -> "_NewDataFrame":
        return self

    def union(self, other: "_NewDataFrame") -> "_NewDataFrame":
        return _NewDataFrame(self._workspace, self._rows + other._rows)

    def repartition(self, partitions: int) -> "_NewDataFrame":
        return self

    def insertInto(self, table: str, overwrite: bool = False) -> None:  # noqa: N802
        self._workspace.dataframe_writes.append((table, overwrite, self._rows))


class FakeSparkSession:
    """A classic (py4j) Databricks SparkSession as the bindings see it."""

    version = "4.0.0"

    def __init__(self, workspace: Workspace, conf: Optional[FakeConf] = None) -> None:
        self._workspace = workspace
        self.conf = conf or FakeConf({
            RUNTIME_VERSION_CONF: workspace.runtime_tag,
            # Worst case: a cluster whose conf names Delta's catalog for hive_metastore, the
            # local alias' marker. On Databricks it must still not be touched.
            f"spark.sql.catalog.{'hive_metastore'}": DELTA_CATALOG_CLASS,
        })
        self.catalog = FakeCatalog(workspace)
        self._jsparkSession = UntouchableJvmSession(workspace)
        self.sparkContext = _SparkContext()

    def newSession(self) -> FakeSparkSession:  # noqa: N802
        return FakeSparkSession(self._workspace, FakeConf(dict(self.conf.values)))

    def createDataFrame(self, data: Any, schema: Any = None) -> "_NewDataFrame":  # noqa: N802 - PySpark's name
        """Session mode's seed load (bindings/seed_loader.cpp) hands over one Arrow table, or on
        pyspark 3.5 its rows and schema."""
        return _NewDataFrame(self._workspace, data.num_rows if schema is None else len(data))

    def sql(self, text: str, args: Any = None) -> FakeDataFrame:
        self._workspace.record(_statement(text, args, marker="?"))
        return FakeDataFrame(self._workspace.answer(text))


def _statement(text: str, params: Any, marker: str) -> Statement:
    """A statement with its bound values. Each driver spells the markers its own way (`?` for
    Spark, `%s` for the SQL connector); both are recorded as `?`."""
    if not params:
        return Statement(text)
    return Statement(text.replace(marker, "?"), tuple(params))


# --- what dbt-databricks calls on the Databricks SQL connector -----------------------------


class FakeCursor:
    def __init__(self, connection: FakeConnection) -> None:
        self.connection = connection
        self._answer = Answer([], [])
        self._position = 0
        self.query_id = "fake-query"

    @property
    def description(self) -> list[tuple[Any, ...]]:
        return [(name, kind, None, None, None, None, True) for name, kind in self._answer.columns]

    def execute(self, sql: str, params: Any = None) -> FakeCursor:
        workspace = self.connection.workspace
        workspace.record(_statement(sql, params, marker="%s"))
        self._answer = workspace.answer(sql)
        self._position = 0
        return self

    def tables(self, catalog_name: Optional[str] = None, schema_name: Optional[str] = None,
               table_name: Optional[str] = None, table_types: Any = None) -> FakeCursor:
        workspace = self.connection.workspace
        workspace.record(Statement(list_tables_call(str(catalog_name), str(schema_name))))
        self._answer = Answer(
            [("TABLE_CAT", "string"), ("TABLE_SCHEM", "string"), ("TABLE_NAME", "string"),
             ("TABLE_TYPE", "string")],
            [(catalog_name, schema_name, name, "VIEW" if rel.kind != "table" else "TABLE")
             for name, rel in workspace.existing_relations()],
        )
        self._position = 0
        return self

    def schemas(self, catalog_name: Optional[str] = None, schema_name: Optional[str] = None) -> FakeCursor:
        workspace = self.connection.workspace
        workspace.record(Statement(list_schemas_call(str(catalog_name), schema_name)))
        rows = [(workspace.schema, catalog_name)] if workspace.existing else []
        self._answer = Answer([("TABLE_SCHEM", "string"), ("TABLE_CATALOG", "string")], rows)
        self._position = 0
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.fetchmany(len(self._answer.rows))

    def fetchmany(self, size: int) -> list[tuple[Any, ...]]:
        rows = self._answer.rows[self._position:self._position + size]
        self._position += len(rows)
        return list(rows)

    def fetchone(self) -> Optional[tuple[Any, ...]]:
        rows = self.fetchmany(1)
        return rows[0] if rows else None

    def close(self) -> None:
        pass

    def cancel(self) -> None:
        pass

    def __enter__(self) -> FakeCursor:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()


class FakeConnection:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)

    def get_session_id_hex(self) -> str:
        return "fake-session"

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeConnection:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()


class FakeSqlConnector:
    """Replaces `databricks.sql.connect`; remembers the connection arguments it was given."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.connect_args: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> FakeConnection:
        self.connect_args.append(kwargs)
        return FakeConnection(self.workspace)
