"""A seed's agate table in session mode, read in two streaming passes instead of held in memory.

dbt-core's ``load_agate_table`` reads the whole CSV into an agate table: every cell type-tested
and cast in Python and kept as a Python object. For a million rows that is tens of seconds and
gigabytes before a row reaches Spark. dbt-databricks' seed materialization needs only part of
that table: its column names and types (``create_csv_table``: ``adapter.convert_type``, which
asks ``aggregate(agate.MaxPrecision(i))`` of Number columns), its row count, and its rows, which
session mode streams into Spark itself (``include/macros/load_csv_rows.sql``).

``SeedFileTable`` gives exactly those, from one pass over the file (bindings/seed_file.cpp infers
the types as agate's TypeTester does, asking dbt's own agate types about any cell whose reading
is not certain); the rows are read again, cast as agate casts them, while they load. Anything
else asked of it (``dbt seed --show``, a project's own macro) is answered by the agate table
dbt-core builds, built once on first use. It is used only where session mode loads the rows
(``include/macros/load_agate_table.sql``).
"""

import csv
import decimal
import math
import os
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Optional

from dbt_session.native import native

if TYPE_CHECKING:
    import agate


def number_places(value: Optional[decimal.Decimal]) -> Optional[tuple[int, int]]:
    """A Number value's (whole, decimal) places as agate.utils.max_precision counts them;
    None for the values it skips."""
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    return len(digits) + exponent, -exponent


def seed_path(model: Mapping[str, Any], config: Any) -> str:
    """The CSV file dbt-core's load_agate_table reads for the seed (a package's seed from the
    project's packages folder, else from the node's root); `config` is the root project's."""
    package_path = (
        os.path.join(config.packages_install_path, model["package_name"])
        if model["package_name"] != config.project_name
        else "."
    )
    project_root = config.project_root
    path = os.path.join(project_root, package_path, model["original_file_path"])
    if not os.path.exists(path):
        path = os.path.join(model["root_path"], model["original_file_path"])
    return path


class CsvRows:
    """The file's rows after the header, as agate reads them: UTF-8, an optional byte order mark
    skipped, the csv module with the seed's delimiter. Each iteration reads the file again."""

    def __init__(self, path: str, delimiter: str) -> None:
        self.path = path
        self.delimiter = delimiter

    def header(self) -> list[str]:
        with self._open() as reader_file:
            return next(csv.reader(reader_file, delimiter=self.delimiter), [])

    def __iter__(self) -> Iterator[list[str]]:
        with self._open() as reader_file:
            reader = csv.reader(reader_file, delimiter=self.delimiter)
            next(reader, None)
            yield from reader

    def _open(self) -> Any:
        csv_file = open(self.path, encoding="utf-8")
        if csv_file.read(1) != "\ufeff":
            csv_file.seek(0)
        return csv_file


class SeedFileTable:
    """What dbt-databricks' seed materialization reads of a seed's agate table."""

    def __init__(
        self,
        rows: CsvRows,
        column_names: tuple[str, ...],
        column_types: tuple["agate.DataType", ...],
        type_indexes: list[int],
        row_count: int,
        decimal_places: list[int],
        agate_table: Callable[[], "agate.Table"],
    ) -> None:
        self.csv_rows = rows
        self.column_names = column_names
        self.column_types = column_types
        self.type_indexes = type_indexes
        self.row_count = row_count
        self.decimal_places = decimal_places
        self.original_abspath = os.path.abspath(rows.path)
        self._agate_table = agate_table
        self._built: Optional["agate.Table"] = None

    @property
    def rows(self) -> Any:
        return RowsOf(self)

    def aggregate(self, aggregations: Any) -> Any:
        import agate

        if isinstance(aggregations, agate.MaxPrecision):
            column = aggregations._column_name
            index = column if isinstance(column, int) else self.column_names.index(column)
            if isinstance(self.column_types[index], agate.Number):
                return self.decimal_places[index]
        return self.agate_table().aggregate(aggregations)

    def agate_table(self) -> "agate.Table":
        """dbt-core's own agate table of the seed, built on first use."""
        if self._built is None:
            self._built = self._agate_table()
        return self._built

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy and pickle probe for these before __init__ has run
            raise AttributeError(name)
        return getattr(self.agate_table(), name)


class RowsOf:
    """A SeedFileTable's rows: counted without reading them; anything more from dbt's table."""

    def __init__(self, table: SeedFileTable) -> None:
        self.table = table

    def __len__(self) -> int:
        return self.table.row_count

    def __iter__(self) -> Iterator[Any]:
        return iter(self.table.agate_table().rows)

    def __getitem__(self, key: Any) -> Any:
        return self.table.agate_table().rows[key]

    def values(self) -> Iterator[Any]:
        """No rows. dbt-core's store_result keeps `agate_helper.as_matrix(table)`, a copy of every
        row, as the result's `data` beside the table, and reads only the table back (SeedRunner:
        `load_result("agate_table").table`): that copy of a large seed would cost what this
        table saves. A seed's `load_result('agate_table')['data']` is therefore empty in session
        mode (docs/compatibility.md)."""
        return iter(())


def session_seed_table(
    model: Mapping[str, Any], config: Any, agate_table: Callable[[], "agate.Table"]
) -> Any:
    """The seed's table for dbt-databricks' seed materialization: a SeedFileTable, or dbt-core's
    own agate table where agate must read the file itself."""
    from dbt.events.types import JinjaLogWarning
    from dbt.flags import get_flags
    from dbt_common.events.functions import fire_event

    path = seed_path(model, config)
    delimiter = model["config"].get("delimiter", ",")
    column_types = model["config"].get("column_types") or {}
    empty = bool(getattr(get_flags(), "EMPTY", False))
    try:
        header = set(CsvRows(path, delimiter).header())
        text_columns = {name: kind for name, kind in column_types.items() if name in header}
        table = read_seed_file(path, delimiter, text_columns, empty, agate_table)
    except Exception:  # noqa: BLE001 - a file or setting agate refuses: dbt-core's read says why
        table = None
    if table is None:
        return agate_table()
    unknown = sorted(set(column_types) - header)
    if unknown:
        fire_event(
            JinjaLogWarning(
                msg=f"seed '{model['name']}' ({path}): column_types names columns its header does "
                f"not have, ignored: {', '.join(unknown)}"
            )
        )
    return table


def read_seed_file(
    path: str,
    delimiter: str,
    text_columns: dict[str, Any],
    empty: bool,
    agate_table: Callable[[], "agate.Table"],
) -> Optional[SeedFileTable]:
    """The seed's table, or None when agate itself must read the file (a row longer than the
    header, a header agate renames from the rows): dbt-core's load then says what it says."""
    import agate
    from dbt_common.clients import agate_helper

    rows = CsvRows(path, delimiter)
    header = rows.header()
    if not header:
        return None
    # agate's names for the header (deduplicated, letters for blanks), from an empty table.
    column_names = agate.Table([], header).column_names
    tester = agate_helper.build_type_tester(text_columns=text_columns)
    tester_types = list(tester._possible_types)  # Integer, Number, Date, ..., Text
    forced = [name in tester._force for name in column_names]
    inferred = native.infer_seed_types(
        rows, len(column_names), tester_types, forced, number_places, decimal.getcontext().prec
    )
    if inferred is None:
        return None
    row_count, type_indexes, decimal_places = inferred
    column_types = tuple(
        tester._force[name] if force else tester_types[index]
        for name, force, index in zip(column_names, forced, type_indexes, strict=True)
    )
    return SeedFileTable(
        rows,
        tuple(column_names),
        column_types,
        type_indexes,
        0 if empty else row_count,
        decimal_places,
        agate_table,
    )
