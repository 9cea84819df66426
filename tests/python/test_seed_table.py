"""A seed read in session mode (adapter_py/dbt_session/seed_table.py, bindings/seed_file.cpp)
gives what dbt-core's agate read gives: the same column names and agate types, the same values
cell by cell, the same MaxPrecision, and the same row count, compared with
dbt_common.clients.agate_helper.from_csv on the same files."""

import random
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import agate
import pytest
from dbt_common.clients import agate_helper

from dbt_session import seed_table
from dbt_session.native import native

# Cells of every shape bindings/seed_cells reads itself, and of shapes it leaves to agate.
CELLS = [
    "", "null", "NULL", " null ", "1", "-1", "0", "007", "-0", "1.50", "-0.0", "0.000", "2.25",
    "100", "0.05", "1e3", "NaN", "inf", ".5", "1.", "+1", "1_000", "$4", "1,000", " 3", "3 ",
    "1234567890123456789012345678", "12345678901234567890123456789012",
    "true", "False", "TRUE", "yes", "2020-01-05", "1999-12-31", "2024-02-29", "2023-02-29",
    "2020-1-5", "0000-01-01", "2020-01-05 10:00:00", "2020-01-05 24:00:00", "2020-01-05T10:00:00",
    "2020-01-05T10:00:00Z", "2020-01-05T10:00:00.250", "x", "O'Brien", 'say "hi"', "back\\slash",
    "Zürich", "\u00a0null", "١٢", "line\nbreak", "comma, inside",
]


def csv_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'

    return "\n".join(",".join(quoted(cell) for cell in row) for row in [header, *rows]) + "\n"


def agate_reads(path: Path, text_columns: Sequence[str] = ()) -> agate.Table:
    return agate_helper.from_csv(str(path), text_columns=list(text_columns))


def session_reads(path: Path, text_columns: Sequence[str] = ()) -> Any:
    return seed_table.read_seed_file(
        str(path), ",", {name: "string" for name in text_columns}, False, lambda: agate_reads(path, text_columns)
    )


def same_value(ours: Any, theirs: Any) -> bool:
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, Decimal):
        return ours.as_tuple() == theirs.as_tuple()  # the same digits and exponent, NaN too
    return bool(ours == theirs)


def assert_read_as_agate_reads(path: Path, text_columns: Sequence[str] = ()) -> None:
    ours = session_reads(path, text_columns)
    try:
        theirs = agate_reads(path, text_columns)
    except ValueError:  # a row longer than the header: left to dbt-core's own read
        assert ours is None
        return
    assert ours is not None
    assert ours.column_names == theirs.column_names
    assert [type(kind) for kind in ours.column_types] == [type(kind) for kind in theirs.column_types]
    assert len(ours.rows) == len(theirs.rows)
    cast = native.cast_seed_rows(ours.csv_rows, ours.type_indexes, ours.column_types)
    for row_number, (our_row, their_row) in enumerate(zip(cast, theirs.rows, strict=True)):
        for name, our_value, their_value in zip(theirs.column_names, our_row, their_row.values(), strict=True):
            assert same_value(our_value, their_value), (row_number, name, our_value, their_value)
    for index, kind in enumerate(theirs.column_types):
        if isinstance(kind, agate.Number):
            assert ours.aggregate(agate.MaxPrecision(index)) == theirs.aggregate(agate.MaxPrecision(index))


@pytest.mark.parametrize("cell", CELLS)
def test_each_cell_alone_and_beside_a_number_reads_as_in_agate(tmp_path: Path, cell: str) -> None:
    path = tmp_path / "one.csv"
    path.write_text(csv_text(["alone", "beside"], [[cell, cell], [cell, "12.5"]]), encoding="utf-8")
    assert_read_as_agate_reads(path)


def test_random_columns_of_mixed_cells_read_as_in_agate(tmp_path: Path) -> None:
    chooser = random.Random(20261207)
    path = tmp_path / "mixed.csv"
    for _ in range(400):
        pools = [chooser.sample(CELLS, chooser.randint(1, 3)) for _ in range(3)]
        rows = [[chooser.choice(pool) for pool in pools] for _ in range(chooser.randint(0, 6))]
        path.write_text(csv_text(["a", "b", "c"], rows), encoding="utf-8")
        assert_read_as_agate_reads(path)


def test_files_agate_reads_its_own_way_read_the_same(tmp_path: Path) -> None:
    files = {
        "short_row.csv": "a,b\n1\n2,x\n",  # padded with None
        "blank_line.csv": "a\n\n1\n",  # a row of None
        "renamed.csv": "a,a,\n1,2,3\n",  # a, a_2, c
        "crlf.csv": "a,b\r\n1,x\r\n2,y\r\n",
        "bom.csv": "\ufeffa,b\n1,2\n",
        "header_only.csv": "a,b\n",  # no cells: agate's first type, Integer
        "long_row.csv": "a\n1,2\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        assert_read_as_agate_reads(path)
    path = tmp_path / "forced.csv"
    path.write_text("code,amount\n007,1.5\nnull,2\n", encoding="utf-8")
    assert_read_as_agate_reads(path, text_columns=["code"])


def test_the_row_count_and_types_need_no_agate_table_and_anything_else_builds_it(tmp_path: Path) -> None:
    path = tmp_path / "seed.csv"
    path.write_text("id,amount\n1,2.50\n2,3.125\n", encoding="utf-8")
    built: list[agate.Table] = []

    def build() -> agate.Table:
        built.append(agate_reads(path))
        return built[-1]

    table = seed_table.read_seed_file(str(path), ",", {}, False, build)
    assert len(table.rows) == 2
    assert table.aggregate(agate.MaxPrecision(1)) == 3
    assert list(table.rows.values()) == []  # store_result's `data` copy (seed_table.py says why)
    assert built == []
    assert [tuple(row) for row in table.rows] == [(Decimal(1), Decimal("2.50")), (Decimal(2), Decimal("3.125"))]
    assert table.print_table is not None and len(built) == 1


def test_dbts_empty_flag_keeps_the_types_and_counts_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "seed.csv"
    path.write_text("id,day\n1,2024-01-01\n", encoding="utf-8")
    table = seed_table.read_seed_file(str(path), ",", {}, True, lambda: agate_reads(path))
    assert len(table.rows) == 0
    assert [type(kind) for kind in table.column_types] == [agate_helper.Number, agate.Date]
