"""The C++ handle's execute(): native parameter binding, results and errors.

Every handle comes from dbt_session_native.open_handle, exactly as the connection manager
opens them.
"""

import datetime as dt
import json
import time
from decimal import Decimal
from typing import Any

import pytest
from dbt_common.exceptions import DbtDatabaseError, DbtRuntimeError
from py4j.protocol import Py4JJavaError
from pyspark.errors import AnalysisException, ParseException

import dbt_session_native as native
import dbt_session.responses  # noqa: F401  (the adapter registers the cursor's response builder)

TRICKY_VALUES = [
    "O'Brien",
    "it''s",
    "back\\slash",
    "trailing backslash \\",
    "100%",
    "%s",
    "%%s and %d",
    "what?",
    "-- not a comment",
    "/* not a comment */",
    "line one\nline two\r\n",
    "tab\there",
    '"double quoted"',
    "`backticked`",
    "'); DROP TABLE students; --",
    "żółć ✓ 漢字 🚀",
    "",
    "None",
    None,
]


def one_value(handle: Any, sql: str, bindings: Any = None) -> Any:
    rows = handle.execute(sql, bindings).fetchall()
    assert len(rows) == 1 and len(rows[0]) == 1
    return rows[0][0]


@pytest.mark.parametrize("value", TRICKY_VALUES, ids=repr)
def test_bound_value_round_trips_exactly(handle: Any, value: Any) -> None:
    assert one_value(handle, "select %s as v", [value]) == value


def test_bound_none_stays_null_and_never_becomes_the_string_none(handle: Any) -> None:
    assert one_value(handle, "select %s is null as is_null", [None]) is True


def test_seed_values_with_quotes_and_backslashes_round_trip_exactly(handle: Any, schema: str) -> None:
    table = f"hive_metastore.{schema}.seed_strings"
    handle.execute(f"create or replace table {table} (id int, v string) using delta")
    markers = ", ".join("(%s, %s)" for _ in TRICKY_VALUES)
    bindings = [item for pair in enumerate(TRICKY_VALUES) for item in pair]
    # The shape dbt-databricks' seed macro renders: one statement, many `%s` markers.
    handle.execute(f"insert overwrite {table} values {markers}", bindings)
    rows = handle.execute(f"select id, v from {table} order by id").fetchall()
    assert [v for _, v in rows] == TRICKY_VALUES


def test_seed_values_of_every_csv_type_round_trip(handle: Any, schema: str) -> None:
    table = f"hive_metastore.{schema}.seed_types"
    handle.execute(
        f"create or replace table {table} "
        "(n bigint, x double, d decimal(10,2), b boolean, day date, at timestamp, s string) using delta"
    )
    row = (
        7,
        2.5,
        Decimal("12.34"),
        True,
        dt.date(2024, 2, 29),
        dt.datetime(2024, 2, 29, 23, 59, 58),
        "x",
    )
    nulls = (None,) * len(row)
    handle.execute(f"insert into {table} values (%s, %s, %s, %s, %s, %s, %s), "
                   "(%s, %s, %s, %s, %s, %s, %s)", [*row, *nulls])
    rows = handle.execute(f"select * from {table} order by n nulls last").fetchall()
    # A TIMESTAMP comes back as the instant the local-time parameter named, aware, in UTC.
    assert rows == [(*row[:5], row[5].astimezone(dt.timezone.utc), row[6]), nulls]


def test_a_timestamp_past_the_last_datetime_in_utc_comes_back_with_the_local_offset(
    handle: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # West of UTC, 9999-12-31 23:00 local time is in the year 10000 in UTC, which Python's
    # datetime cannot hold. The process's zone is the one pyspark collects in.
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        handle.execute("set time zone 'America/New_York'")
        [(instant,)] = handle.execute("select timestamp'9999-12-31 23:00:00' as t").fetchall()
        assert instant.replace(tzinfo=None) == dt.datetime(9999, 12, 31, 23)
        assert instant.utcoffset() == dt.timedelta(hours=-5)
        [(early,)] = handle.execute("select timestamp'2024-01-01 10:00:00' as t").fetchall()
        assert early == dt.datetime(2024, 1, 1, 15, tzinfo=dt.timezone.utc) and early.utcoffset() == dt.timedelta(0)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_timestamps_at_the_ends_of_pythons_range_come_back_in_utc(handle: Any) -> None:
    # pyspark's own conversion (through local time) fails on the first day of year 1.
    handle.execute("set time zone 'UTC'")
    [(first, last, nested)] = handle.execute(
        "select timestamp'0001-01-01 00:00:00' as first, timestamp'9999-12-31 23:59:59.999999' as last, "
        "array(timestamp'0001-01-02 00:00:00') as nested"
    ).fetchall()
    assert first == dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)
    assert last == dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.timezone.utc)
    assert json.loads(nested) == ["0001-01-02 00:00:00"]


def test_a_timestamp_is_an_aware_utc_datetime_and_a_timestamp_ntz_a_naive_one(handle: Any) -> None:
    """As databricks-sql-connector returns them (a cluster's Arrow results carry the zone)."""
    [(instant, wall_clock)] = handle.execute(
        "select timestamp'2024-01-01 10:00:00' as instant, timestamp_ntz'2024-01-01 10:00:00' as wall_clock"
    ).fetchall()
    assert instant.utcoffset() == dt.timedelta(0)
    # The session's zone is the process's (docs/compatibility.md): the literal is local time.
    assert instant == dt.datetime(2024, 1, 1, 10, 0).astimezone(dt.timezone.utc)
    assert wall_clock == dt.datetime(2024, 1, 1, 10, 0) and wall_clock.tzinfo is None


def test_markers_inside_literals_and_comments_are_not_parameters(handle: Any) -> None:
    cursor = handle.execute("select %s as v, '%s' as literal -- %s\n, 1 as one", ["x"])
    assert cursor.fetchall() == [("x", "%s", 1)]


def test_percent_in_sql_without_bindings_is_untouched(handle: Any) -> None:
    cursor = handle.execute("select '100%' as a, 'x%sy' as b, '%%' as c, 7 % 4 as d")
    assert cursor.fetchall() == [("100%", "x%sy", "%%", 3)]


def test_trailing_semicolon_and_whitespace_are_stripped(handle: Any) -> None:
    assert one_value(handle, "\n  select 1 as one;  \n") == 1


def test_a_sql_header_runs_before_its_query_in_the_same_execute(handle: Any) -> None:
    # dbt sends a model's sql_header and the statement it prepares in one execute.
    sql = "set time zone 'Asia/Kolkata';\nselect current_timezone() as zone; -- done\n"
    assert one_value(handle, sql) == "Asia/Kolkata"


def test_a_header_set_in_one_handle_leaves_other_handles_alone(
    handle: Any, spark: Any, schema: str
) -> None:
    handle.execute("set time zone 'Asia/Kolkata'; select 1").fetchall()
    other = native.open_handle("hive_metastore", schema)
    try:
        assert one_value(other, "select current_timezone()") == spark.conf.get("spark.sql.session.timeZone")
    finally:
        other.close()


def test_semicolons_inside_literals_do_not_split_the_statement(handle: Any) -> None:
    assert one_value(handle, "select 'a;b' -- c;d\n") == "a;b"


def test_a_statement_after_a_models_query_is_refused_and_nothing_runs(handle: Any, schema: str) -> None:
    # A `;` in a model's own SQL: Databricks rejects the text; run one by one, it would drop t.
    handle.execute(f"create table {schema}.kept using delta as select 1 as id")
    with pytest.raises(DbtRuntimeError, match=r"another statement \(drop table .*remove the ';' before it"):
        handle.execute(f"set time zone 'UTC';\ncreate or replace table {schema}.model using delta as "
                       f"select 1 as a; drop table {schema}.kept")
    assert one_value(handle, f"select count(*) from {schema}.kept") == 1
    assert handle.execute(f"show tables in {schema} like 'model'").fetchall() == []


def test_values_bound_to_several_statements_is_a_runtime_error(handle: Any) -> None:
    with pytest.raises(DbtRuntimeError, match="2 statements; bound values need a single statement"):
        handle.execute("set time zone 'UTC'; select %s", ["value"])


def test_more_markers_than_values_is_a_runtime_error(handle: Any) -> None:
    with pytest.raises(DbtRuntimeError, match="2 parameter markers but 1 values"):
        handle.execute("select %s, %s", ["only one"])


def test_values_without_markers_is_a_runtime_error(handle: Any) -> None:
    with pytest.raises(DbtRuntimeError, match="0 parameter markers but 1 values"):
        handle.execute("select 1", ["stray"])


def test_description_is_a_list_of_seven_tuples_with_string_type_codes(handle: Any) -> None:
    cursor = handle.execute("select 1 as n, 'a' as s, cast(null as double) as d")
    assert cursor.description == [
        ("n", "int", None, None, None, None, False),
        ("s", "string", None, None, None, None, False),
        ("d", "double", None, None, None, None, True),
    ]


def test_description_names_parameterised_types_like_the_databricks_connector(handle: Any) -> None:
    cursor = handle.execute(
        "select cast(1.5 as decimal(4, 2)) as amount, array('a') as tags, map('k', 1) as pairs"
    )
    assert cursor.description == [
        ("amount", "decimal", None, None, 4, 2, False),
        ("tags", "array", None, None, None, None, False),
        ("pairs", "map", None, None, None, None, False),
    ]


def test_fetchone_fetchmany_fetchall_walk_one_result(handle: Any) -> None:
    cursor = handle.execute("select id from range(6) order by id")
    assert cursor.fetchone() == (0,)
    assert cursor.fetchmany(2) == [(1,), (2,)]
    assert cursor.fetchall() == [(3,), (4,), (5,)]
    assert cursor.fetchone() is None
    assert cursor.fetchmany(3) == []
    assert cursor.fetchall() == []


def test_rows_are_the_connectors_rows_read_by_position_or_name(handle: Any) -> None:
    from databricks.sql.types import Row

    cursor = handle.execute("select 'owner' as key, 'dbt' as value")
    row = cursor.fetchone()
    assert isinstance(row, Row)
    assert row == ("owner", "dbt")
    assert (row.key, row["value"], row[1]) == ("owner", "dbt", "dbt")
    assert row.asDict() == {"key": "owner", "value": "dbt"}


def test_fetch_from_a_closed_cursor_is_a_runtime_error(handle: Any) -> None:
    cursor = handle.execute("select 1")
    cursor.close()
    assert not cursor.open
    with pytest.raises(DbtRuntimeError, match="closed cursor"):
        cursor.fetchall()


def test_nested_values_come_back_as_json_text(handle: Any) -> None:
    cursor = handle.execute(
        "select named_struct('a', 1, 'b', array(1, 2), 'c', map('k', date'2020-01-02')) as s, "
        "array(named_struct('x', 1.5bd)) as arr, map('m', array('y', null)) as m"
    )
    struct, array, mapping = cursor.fetchone()
    assert json.loads(struct) == {"a": 1, "b": [1, 2], "c": {"k": "2020-01-02"}}
    assert json.loads(array) == [{"x": "1.5"}]
    assert json.loads(mapping) == {"m": ["y", None]}


def test_maps_keyed_by_values_json_has_no_key_for_come_back_with_the_keys_as_text(handle: Any) -> None:
    cursor = handle.execute(
        "select map(date'2024-01-01', 1) as by_date, map(1.50bd, 'x') as by_decimal, "
        "map(named_struct('a', 1), true) as by_struct, map(2, 'n') as by_number, "
        "named_struct('inner', map(date'2024-01-02', timestamp_ntz'2024-01-02 03:04:05')) as nested",
        None)
    by_date, by_decimal, by_struct, by_number, nested = cursor.fetchone()
    assert json.loads(by_date) == {"2024-01-01": 1}
    assert json.loads(by_decimal) == {"1.50": "x"}
    assert json.loads(by_struct) == {'{"a": 1}': True}
    assert json.loads(by_number) == {"2": "n"}
    assert json.loads(nested) == {"inner": {"2024-01-02": "2024-01-02 03:04:05"}}


def test_intervals_come_back_as_the_connectors_text(handle: Any) -> None:
    # The connector receives both kinds as text, as the Thrift server writes them; pyspark could
    # not collect a year-month interval at all (YearMonthIntervalType.fromInternal).
    cursor = handle.execute(
        "select interval '2' month as m, interval '-100-5' year to month as ym, "
        "interval '100 13:00:00.5' day to second as dt, -interval '1 02:03:04' day to second as neg, "
        "cast(null as interval year) as nothing, 'x' as m"
    )
    assert cursor.fetchall() == [("0-2", "-100-5", "100 13:00:00.500000000", "-1 02:03:04.000000000", None, "x")]
    assert [column[0] for column in cursor.description] == ["m", "ym", "dt", "neg", "nothing", "m"]


def test_year_month_intervals_inside_arrays_and_structs_come_back_as_sparks_json_text(handle: Any) -> None:
    [(array, struct)] = handle.execute(
        "select array(interval '1' month, null) as a, "
        "named_struct('i', interval '1-2' year to month, 'n', 3) as s"
    ).fetchall()
    assert json.loads(array) == ["INTERVAL '1' MONTH", None]
    assert json.loads(struct) == {"i": "INTERVAL '1-2' YEAR TO MONTH", "n": 3}


def test_binary_values_are_bytes_as_from_the_connector(handle: Any) -> None:
    assert handle.execute("select X'CAFE' as b").fetchall() == [(b"\xca\xfe",)]


def test_scalar_values_keep_their_python_types(handle: Any) -> None:
    cursor = handle.execute("select 1.50bd as d, date'2020-01-02' as day, true as b, 2.5d as x")
    assert cursor.fetchone() == (Decimal("1.50"), dt.date(2020, 1, 2), True, 2.5)


def test_response_carries_a_query_id_per_statement(handle: Any) -> None:
    first = handle.execute("select 1")
    second = handle.execute("select 2")
    assert first.get_response().query_id == first.query_id
    assert first.query_id != second.query_id
    assert first.query_id.startswith(handle.session_id)


def test_select_response_has_no_rows_affected(handle: Any) -> None:
    assert handle.execute("select 1 as num_affected_rows_lookalike").get_response().rows_affected is None


@pytest.fixture
def people(handle: Any, schema: str) -> str:
    table = f"hive_metastore.{schema}.people"
    handle.execute(f"create or replace table {table} (id int, name string) using delta")
    handle.execute(f"insert into {table} values (1, 'a'), (2, 'b'), (3, 'c')")
    return table


def test_merge_response_reports_rows_affected(handle: Any, people: str) -> None:
    cursor = handle.execute(
        f"merge into {people} t using (select id, 'z' as name from range(2, 6)) s "
        "on t.id = s.id when matched then update set name = s.name "
        "when not matched then insert (id, name) values (cast(s.id as int), s.name)"
    )
    assert cursor.get_response().rows_affected == 4  # 2 updated + 2 inserted


def test_delete_response_reports_rows_affected(handle: Any, people: str) -> None:
    assert handle.execute(f"delete from {people} where id >= 2").get_response().rows_affected == 2


def test_insert_names_its_table_and_its_last_delta_commit_counts_the_rows(handle: Any, people: str) -> None:
    cursor = handle.execute(f"insert into {people} values (%s, %s), (%s, %s)", [10, "x", 11, "y"])
    # OSS Delta answers an INSERT with no metrics row; the Delta log has the count.
    assert cursor.affected_rows() is None
    assert cursor.written_table() == people.split(".")
    commit = cursor.last_commit()
    assert commit["operation"] == "WRITE"
    assert commit["metrics"]["numOutputRows"] == "2"


def test_a_select_names_no_written_table_and_looks_nothing_up(handle: Any) -> None:
    cursor = handle.execute("select 1")
    assert cursor.written_table() is None
    assert cursor.last_commit() is None


def test_missing_table_is_a_database_error_keeping_spark_error_class(handle: Any) -> None:
    with pytest.raises(DbtDatabaseError) as raised:
        handle.execute("select * from hive_metastore.default.no_such_table_here")
    message = str(raised.value)
    assert "[TABLE_OR_VIEW_NOT_FOUND]" in message
    assert "no_such_table_here" in message
    assert isinstance(raised.value.__cause__, AnalysisException)


def test_database_error_message_leaves_out_the_plan_and_jvm_stack(handle: Any) -> None:
    with pytest.raises(DbtDatabaseError) as raised:
        handle.execute("select * from no_such_table_here")
    message = str(raised.value)
    assert "UnresolvedRelation" not in message
    assert "JVM stacktrace" not in message
    assert "\tat org.apache" not in message


def test_error_raised_in_a_task_is_the_jvm_message_without_the_java_stack(handle: Any, schema: str) -> None:
    # Delta checks NOT NULL while writing, in the task: PySpark leaves that error a
    # Py4JJavaError, whose str() is "An error occurred while calling ..." and the Java stack.
    table = f"hive_metastore.{schema}.not_null_ids"
    handle.execute(f"create or replace table {table} (id int not null) using delta")
    with pytest.raises(DbtDatabaseError) as raised:
        handle.execute(f"insert into {table} select cast(null as int)")
    message = str(raised.value)
    assert message.endswith("[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: id.")
    assert "\tat " not in message
    assert isinstance(raised.value.__cause__, Py4JJavaError)


def test_syntax_error_is_a_database_error_with_spark_parse_error_class(handle: Any) -> None:
    with pytest.raises(DbtDatabaseError) as raised:
        handle.execute("selec 1")
    assert "[PARSE_SYNTAX_ERROR]" in str(raised.value)
    assert isinstance(raised.value.__cause__, ParseException)


def test_percent_signs_in_spark_error_text_are_kept_verbatim(handle: Any) -> None:
    with pytest.raises(DbtDatabaseError) as raised:
        handle.execute("selec '100%d %s'")
    assert "selec '100%d %s'" in str(raised.value)


def test_bound_statement_errors_are_database_errors_too(handle: Any) -> None:
    with pytest.raises(DbtDatabaseError, match=r"\[TABLE_OR_VIEW_NOT_FOUND\]"):
        handle.execute("select * from no_such_table_here where x = %s", ["O'Brien"])


def test_listing_cursor_is_a_cursor_like_any_other(handle: Any, schema: str) -> None:
    cursor = handle.list_schemas("hive_metastore", schema)
    assert isinstance(cursor, native.Cursor)
    assert cursor.get_response().query_id == cursor.query_id

