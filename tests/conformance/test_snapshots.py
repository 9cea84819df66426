"""dbt-tests-adapter's snapshot suites (timestamp and check strategies, meta column names,
dbt_valid_to_current, multi-column keys, hard deletes as new records) on the `method: session`
profile, local Spark + Delta.

The base classes set up their source tables with Postgres SQL (TEXT, TIMESTAMP WITHOUT TIME
ZONE, several statements in one string, CREATE TABLE meaning a heap table). `SparkSetupSql`
runs that SQL as Spark SQL: the same columns and rows, one statement at a time, Delta tables
(Databricks' default table format; local Spark defaults to parquet, which has no UPDATE/DELETE).
"""

import datetime
import re

import pytest
from dbt.tests.adapter.simple_snapshot import new_record_timestamp_mode
from dbt.tests.adapter.simple_snapshot.fixtures import (
    create_seed_sql,
    create_snapshot_expected_sql,
    invalidate_sql,
    populate_snapshot_expected_valid_to_current_sql,
    seed_insert_sql,
    update_with_current_sql,
)
from dbt.tests.adapter.simple_snapshot.new_record_check_mode import BaseSnapshotNewRecordCheckMode
from dbt.tests.adapter.simple_snapshot.new_record_dbt_valid_to_current import (
    BaseSnapshotNewRecordDbtValidToCurrent,
)
from dbt.tests.adapter.simple_snapshot.new_record_timestamp_mode import (
    BaseSnapshotNewRecordTimestampMode,
)
from dbt.tests.adapter.simple_snapshot.test_ephemeral_snapshot_hard_deletes import (
    BaseSnapshotEphemeralHardDeletes,
    BaseSnapshotNewColumnSpecificCheckCols,
    BaseSnapshotNewColumnTimestampStrategy,
    BaseSnapshotNewColumnWithDeletes,
)
from dbt.tests.adapter.simple_snapshot.test_snapshot import BaseSimpleSnapshot, BaseSnapshotCheck
from dbt.tests.adapter.simple_snapshot.test_various_configs import (
    BaseSnapshotColumnNames,
    BaseSnapshotColumnNamesFromDbtProject,
    BaseSnapshotDbtValidToCurrent,
    BaseSnapshotInvalidColumnNames,
    BaseSnapshotMultiUniqueKey,
)
from dbt.tests.util import check_relations_equal, relation_from_name, run_dbt


_DELTA = "USING delta TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported')"


def spark_statements(sql: str) -> list[str]:
    sql = re.sub(r"(?i)\bTEXT\b", "STRING", sql)
    sql = re.sub(r"(?i)\s+WITHOUT\s+TIME\s+ZONE", "", sql)
    statements = []
    for statement in sql.split(";"):
        body = re.sub(r"--[^\n]*", "", statement).strip()
        if not body:
            continue
        ctas = re.match(r"(?is)^(create\s+table\s+\S+)\s+(as\s+.*)$", body)
        add_with_default = re.match(
            r"(?is)^alter\s+table\s+(\S+)\s+add\s+column\s+(\w+)\s+(.+?)\s+default\s+(.+)$", body
        )
        if ctas:
            statements.append(f"{ctas[1]} {_DELTA} {ctas[2]}")
        elif re.match(r"(?i)create\s+table\b", body) and not re.search(r"(?i)\busing\s", body):
            # Delta, with column defaults allowed: the suite adds a column WITH DEFAULT later.
            statements.append(f"{body} {_DELTA}")
        elif add_with_default:
            # Delta adds no column with a DEFAULT to an existing table
            # ([WRONG_COLUMN_DEFAULTS_FOR_DELTA_ALTER_TABLE_ADD_COLUMN_NOT_SUPPORTED], Databricks
            # too): add it, set the default, and backfill the rows Postgres would fill.
            table, column, column_type, default = add_with_default.groups()
            statements += [
                f"alter table {table} add column {column} {column_type}",
                f"alter table {table} alter column {column} set default {default}",
                f"update {table} set {column} = {default}",
            ]
        else:
            statements.append(body)
    return statements


class SparkSetupSql:
    @pytest.fixture(autouse=True)
    def _run_setup_sql_as_spark_sql(self, project, monkeypatch):
        run_sql = project.run_sql

        def run_spark_sql(sql, fetch=None):
            result = None
            for statement in spark_statements(sql):
                result = run_sql(statement, fetch=fetch)
            return result

        monkeypatch.setattr(project, "run_sql", run_spark_sql)


class TestSnapshotTimestampStrategyInTheSession(SparkSetupSql, BaseSimpleSnapshot):
    def add_fact_column(self, column: str = None, definition: str = None):  # type: ignore
        """The base class adds `varchar(20) default null`; a column DEFAULT needs the Delta
        table feature allowColumnDefaults, which `fact` (built by dbt) does not have.
        dbt-databricks' own suite adds a plain string column the same way."""
        table = relation_from_name(self.project.adapter, "fact")
        self.project.run_sql(f"alter table {table} add column {column} string")


class TestSnapshotCheckStrategyInTheSession(SparkSetupSql, BaseSnapshotCheck):
    pass


class TestSnapshotColumnNamesInTheSession(SparkSetupSql, BaseSnapshotColumnNames):
    pass


class TestSnapshotColumnNamesFromDbtProjectInTheSession(
    SparkSetupSql, BaseSnapshotColumnNamesFromDbtProject
):
    pass


class TestSnapshotInvalidColumnNamesInTheSession(SparkSetupSql, BaseSnapshotInvalidColumnNames):
    pass


class TestSnapshotDbtValidToCurrentInTheSession(SparkSetupSql, BaseSnapshotDbtValidToCurrent):
    def test_valid_to_current(self, project):
        """The base class picks rows by position (`updated_snapshot[9]`) from a select without
        ORDER BY: Postgres returns insertion order, Delta after a MERGE does not. dbt-databricks'
        own suite picks the rows by key; so does this."""
        project.run_sql(create_seed_sql)
        project.run_sql(create_snapshot_expected_sql)
        project.run_sql(seed_insert_sql)
        project.run_sql(populate_snapshot_expected_valid_to_current_sql)
        assert len(run_dbt(["snapshot"])) == 1
        # TIMESTAMPs read back as aware UTC datetimes; their literals are in the session's zone.
        current = datetime.datetime(2099, 12, 31, 0, 0).astimezone(datetime.timezone.utc)
        assert self._valid_to_by_id(project) == {i: [current] for i in range(1, 21)}

        project.run_sql(invalidate_sql)
        project.run_sql(update_with_current_sql)
        assert len(run_dbt(["snapshot"])) == 1
        valid_to = self._valid_to_by_id(project)
        assert valid_to[1] == [current]
        # id 10's first version is closed when it changed; its new version is current.
        assert valid_to[10] == [datetime.datetime(2016, 8, 20, 16, 44, 49).astimezone(datetime.timezone.utc), current]
        check_relations_equal(project.adapter, ["snapshot_actual", "snapshot_expected"])

    @staticmethod
    def _valid_to_by_id(project) -> dict:
        rows = project.run_sql(
            "select id, test_valid_to from {schema}.snapshot_actual order by id, test_valid_to",
            fetch="all",
        )
        valid_to: dict = {}
        for row_id, value in rows:
            valid_to.setdefault(row_id, []).append(value)
        return valid_to


class TestSnapshotMultiUniqueKeyInTheSession(SparkSetupSql, BaseSnapshotMultiUniqueKey):
    pass


class TestSnapshotEphemeralHardDeletesInTheSession(SparkSetupSql, BaseSnapshotEphemeralHardDeletes):
    pass


class TestSnapshotNewColumnTimestampStrategyInTheSession(
    SparkSetupSql, BaseSnapshotNewColumnTimestampStrategy
):
    pass


class TestSnapshotNewColumnSpecificCheckColsInTheSession(
    SparkSetupSql, BaseSnapshotNewColumnSpecificCheckCols
):
    pass


class TestSnapshotNewColumnWithDeletesInTheSession(SparkSetupSql, BaseSnapshotNewColumnWithDeletes):
    pass


class BooleanIsDeleted:
    """dbt-databricks writes `dbt_is_deleted` as a boolean (its snapshot_helpers.sql: `true as
    dbt_is_deleted`); the base class compares the strings 'True'/'False' that dbt's default
    macros write. The same steps and checks, with booleans."""

    def test_snapshot_new_record_mode(
        self,
        project,
        seed_new_record_mode_statements,
        invalidate_sql_statements,
        update_sql,
        delete_sql,
        reinsert_sql,
        reinsert_check_sql,
    ):
        for statement in seed_new_record_mode_statements:
            project.run_sql(statement)
        assert len(run_dbt(["snapshot"])) == 1
        for statement in invalidate_sql_statements:
            project.run_sql(statement)
        project.run_sql(update_sql)
        assert len(run_dbt(["snapshot"])) == 1
        check_relations_equal(project.adapter, ["snapshot_actual", "snapshot_expected"])

        project.run_sql(delete_sql)
        assert len(run_dbt(["snapshot"])) == 1
        rows = project.run_sql(new_record_timestamp_mode._delete_check_sql, fetch="all")
        assert len(rows) == 2
        # (dbt_valid_to, dbt_scd_id, dbt_is_deleted): the closed version and the deletion
        assert sorted((valid_to is None, is_deleted) for valid_to, _, is_deleted in rows) == [
            (False, False),
            (True, True),
        ]
        assert rows[0][1] is not None and rows[1][1] is not None and rows[0][1] != rows[1][1]

        run_dbt(["snapshot"])  # same source data: nothing changes
        assert len(project.run_sql(new_record_timestamp_mode._delete_check_sql, fetch="all")) == 2

        project.run_sql(reinsert_sql)
        assert len(run_dbt(["snapshot"])) == 1
        assert len(project.run_sql(reinsert_check_sql, fetch="all")) == 3

        project.run_sql(delete_sql)
        assert len(run_dbt(["snapshot"])) == 1
        rows = project.run_sql(new_record_timestamp_mode._delete_check_sql, fetch="all")
        assert len(rows) == 4
        assert sum(1 for valid_to, _, is_deleted in rows if valid_to is None and is_deleted) == 1


class TestSnapshotNewRecordTimestampModeInTheSession(
    SparkSetupSql, BooleanIsDeleted, BaseSnapshotNewRecordTimestampMode
):
    pass


class TestSnapshotNewRecordCheckModeInTheSession(
    SparkSetupSql, BooleanIsDeleted, BaseSnapshotNewRecordCheckMode
):
    pass


class TestSnapshotNewRecordDbtValidToCurrentInTheSession(
    SparkSetupSql, BaseSnapshotNewRecordDbtValidToCurrent
):
    pass
