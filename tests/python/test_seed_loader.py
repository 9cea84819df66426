"""The fast seed load below dbt: agate value kinds (dbt_session.seeds) and the C++ loader
(dbt_session_native.load_seed_rows) writing into a table the way bound INSERT parameters do."""

import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import agate
import pytest
from dbt_common.clients import agate_helper
from dbt_common.exceptions import DbtDatabaseError, DbtRuntimeError

from dbt_session import seeds


def test_value_kinds_follow_dbts_agate_type_tester(tmp_path: Path) -> None:
    csv = tmp_path / "kinds.csv"
    csv.write_text(
        "i,n,t,b,d,ts,iso,forced\n"
        "1,1.5,x,true,2024-01-01,2024-01-01 10:00:00,2024-01-01T10:00:00+01:00,7\n"
    )
    # dbt reads seeds with agate_helper.from_csv; text_columns are the `column_types` keys.
    table = agate_helper.from_csv(str(csv), text_columns=["forced"])
    # agate reads every CSV number as a Decimal (dbt's Integer type only takes Python ints).
    assert seeds.columns_of(table) == [
        ("i", "decimal"), ("n", "decimal"), ("t", "text"), ("b", "boolean"), ("d", "date"),
        ("ts", "timestamp"), ("iso", "timestamp"), ("forced", "text"),
    ]


def test_dbts_integer_type_is_loaded_as_integers() -> None:
    assert seeds.value_kind("n", agate_helper.Integer()) == "integer"


def test_an_agate_type_dbt_never_infers_is_refused_with_the_column_name() -> None:
    with pytest.raises(DbtRuntimeError, match="seed column 'span'.*column_types"):
        seeds.value_kind("span", agate.TimeDelta())


def test_only_dbt_databricks_own_implementation_takes_the_fast_path() -> None:
    def implementation(package: str) -> Any:
        return SimpleNamespace(macro=SimpleNamespace(package_name=package))

    assert seeds.takes_standard_implementation(implementation("dbt_databricks"))
    assert not seeds.takes_standard_implementation(implementation("my_project"))
    assert not seeds.takes_standard_implementation(object())


COLUMNS = [("id", "integer"), ("name", "text"), ("amount", "decimal"), ("flag", "boolean"),
           ("day", "date"), ("at", "timestamp")]
TYPES = "id bigint, name string, amount decimal(12,3), flag boolean, day date, at timestamp"
ROWS = [
    (1, "O'Brien %s \\", Decimal("1.5"), True, datetime.date(2024, 2, 29),
     datetime.datetime(2024, 3, 10, 2, 30)),
    (2, None, None, None, None, None),
    (3, "", Decimal("-12345.125"), False, datetime.date(1970, 1, 1),
     datetime.datetime(2021, 6, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))),
]


@pytest.fixture
def seed_table(spark: Any, schema: str) -> str:
    name = f"{schema}.seed_target"
    spark.sql(f"CREATE OR REPLACE TABLE {name} ({TYPES}) USING delta")
    return name


def test_rows_land_like_bound_insert_parameters(handle: Any, spark: Any, seed_table: str) -> None:
    import dbt_session_native

    assert dbt_session_native.load_seed_rows(handle, seed_table, COLUMNS, ROWS) == 3
    loaded = spark.table(seed_table).orderBy("id").collect()

    markers = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(ROWS))
    spark.sql(f"INSERT OVERWRITE {seed_table} VALUES {markers}", args=[v for row in ROWS for v in row])
    assert loaded == spark.table(seed_table).orderBy("id").collect()


def test_the_load_replaces_existing_rows(handle: Any, spark: Any, seed_table: str) -> None:
    import dbt_session_native

    dbt_session_native.load_seed_rows(handle, seed_table, COLUMNS, ROWS)
    dbt_session_native.load_seed_rows(handle, seed_table, COLUMNS, ROWS[:1])
    assert spark.table(seed_table).count() == 1


def test_no_rows_write_nothing(handle: Any, spark: Any, seed_table: str) -> None:
    import dbt_session_native

    dbt_session_native.load_seed_rows(handle, seed_table, COLUMNS, ROWS)
    assert dbt_session_native.load_seed_rows(handle, seed_table, COLUMNS, []) == 0
    assert spark.table(seed_table).count() == 3


def test_a_row_of_the_wrong_width_is_an_error_naming_the_row(handle: Any, seed_table: str) -> None:
    import dbt_session_native

    with pytest.raises(DbtRuntimeError, match="seed row 2 has 1 values for 6 columns"):
        dbt_session_native.load_seed_rows(handle, seed_table, COLUMNS, [ROWS[0], (1,)])


def test_an_unknown_value_kind_is_an_error_naming_the_column(handle: Any, seed_table: str) -> None:
    import dbt_session_native

    with pytest.raises(DbtRuntimeError, match="seed column 'id' has values of kind 'blob'"):
        dbt_session_native.load_seed_rows(handle, seed_table, [("id", "blob")], [(1,)])


def test_a_value_the_column_cannot_hold_is_a_database_error(handle: Any, seed_table: str) -> None:
    import dbt_session_native

    too_wide = [(1, "x", Decimal("123456789012.5"), True, None, None)]
    with pytest.raises(DbtDatabaseError):
        dbt_session_native.load_seed_rows(handle, seed_table, COLUMNS, too_wide)


def test_a_closed_handle_refuses_to_load(spark: Any, schema: str, seed_table: str) -> None:
    import dbt_session_native

    closed = dbt_session_native.open_handle("hive_metastore", schema)
    closed.close()
    with pytest.raises(DbtRuntimeError, match="closed connection"):
        dbt_session_native.load_seed_rows(closed, seed_table, COLUMNS, ROWS)


@pytest.mark.parametrize("batch_rows", [1, 2])
def test_rows_sent_in_several_batches_land_exactly_in_one_commit(
    handle: Any, spark: Any, seed_table: str, batch_rows: int
) -> None:
    import dbt_session_native

    versions_before = spark.sql(f"DESCRIBE HISTORY {seed_table}").count()
    # One row per batch: each batch's decimals get their own Arrow type (decimal(2,1) and
    # decimal(8,3)) and a batch of NULLs only; the union of the batches widens them exactly.
    assert dbt_session_native.load_seed_rows(handle, seed_table, COLUMNS, ROWS, batch_rows=batch_rows) == 3
    loaded = spark.table(seed_table).orderBy("id").collect()
    assert spark.sql(f"DESCRIBE HISTORY {seed_table}").count() == versions_before + 1

    markers = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(ROWS))
    spark.sql(f"INSERT OVERWRITE {seed_table} VALUES {markers}", args=[v for row in ROWS for v in row])
    assert loaded == spark.table(seed_table).orderBy("id").collect()


@pytest.mark.parametrize("batch_rows", [1, 3])
def test_numbers_that_together_need_more_than_38_digits_go_as_doubles_as_dbt_databricks_binds_them(
    handle: Any, spark: Any, schema: str, batch_rows: int
) -> None:
    import dbt_session_native

    table = f"{schema}.wide_decimals"
    spark.sql(f"CREATE OR REPLACE TABLE {table} (n double) USING delta")
    # Each fits a decimal alone; together 30 digits before the point and 28 after it do not
    # (one batch: Arrow's decimal256; a batch each: the union's widening).
    values = [Decimal("1" * 30), Decimal("6.02214076e23"), Decimal("1.602176634e-19")]
    rows = [(value,) for value in values]
    assert dbt_session_native.load_seed_rows(handle, table, [("n", "decimal")], rows, batch_rows=batch_rows) == 3
    loaded = sorted(row[0] for row in spark.table(table).collect())
    assert loaded == sorted(float(value) for value in values)


def test_nan_in_a_number_column_is_refused_naming_the_column_and_the_ways_out(
    handle: Any, spark: Any, schema: str
) -> None:
    import dbt_session_native

    table = f"{schema}.not_a_number"
    spark.sql(f"CREATE OR REPLACE TABLE {table} (n double) USING delta")
    rows = [(Decimal("1.5"),), (Decimal("NaN"),)]
    with pytest.raises(DbtRuntimeError, match=r"seed column 'n' holds NaN, which no number column loads: leave the cell empty"):
        dbt_session_native.load_seed_rows(handle, table, [("n", "decimal")], rows)
    assert spark.table(table).count() == 0
