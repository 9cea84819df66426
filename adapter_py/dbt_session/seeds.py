"""Seed rows in session mode: one Spark DataFrame write instead of INSERT ... VALUES batches.

dbt-databricks' ``databricks__load_csv_rows`` sends a seed as ``insert overwrite|into <table>
values (%s, ...)`` statements of 10,000 rows with one bound parameter per cell: a 100,000-row,
10-column seed is ten statements with 100,000 parameters each, every one parsed, analysed and
planned by Spark. In session mode the rows go to Spark in Arrow batches of bounded size united
into one ``insertInto`` (bindings/seed_loader.cpp). The table is still the one dbt-databricks'
``create_csv_table`` created (column types from ``column_types`` and ``adapter.convert_type``), and
the values reach a Delta table the way bound parameters do, so both paths leave the same rows.
Seeds of another ``file_format`` keep the INSERT path (is_delta_seed).
"""

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dbt_common.exceptions import DbtRuntimeError

if TYPE_CHECKING:  # dbt imports agate only when a command needs it (it is slow to import)
    import agate

# dbt-databricks' macros are the internal project named after its include directory
# (AdapterPlugin.project_name: "dbt_" + "databricks").
DATABRICKS_MACROS_PROJECT = "dbt_databricks"


def takes_standard_implementation(implementation: Any) -> bool:
    """True when dbt's dispatch of `load_csv_rows` resolved to dbt-databricks' own
    `databricks__load_csv_rows`; a project's or package's override is respected as is."""
    macro = getattr(implementation, "macro", None)
    return getattr(macro, "package_name", None) == DATABRICKS_MACROS_PROJECT


def is_session_loader(loader: Any) -> bool:
    """True when `loader`, the `load_csv_rows` macro a seed's context resolves, is dbt-session's
    (include/macros/load_csv_rows.sql), not one a project or package defines."""
    from dbt_session.include import PROJECT_NAME

    macro = getattr(loader, "macro", None)
    return getattr(macro, "package_name", None) == PROJECT_NAME


def is_delta_seed(model: Mapping[str, Any]) -> bool:
    """True for a seed stored as Delta (dbt-databricks' default `file_format`). Other formats
    keep dbt-databricks' INSERT path: for `parquet` it casts each value to the column's type
    (`must_cast` in databricks__load_csv_rows), as Spark's store assignment does not cast
    text to numbers for a table that is not Delta."""
    return (model["config"].get("file_format") or "delta") == "delta"


def value_kind(column_name: str, data_type: "agate.DataType") -> str:
    """The kind of Python value agate gives for a column (dbt's type tester:
    dbt_common.clients.agate_helper.build_type_tester)."""
    import agate
    from dbt_common.clients import agate_helper

    # Subclasses first: dbt's ISODateTime is an agate DateTime, dbt's Number an agate Number.
    kinds: list[tuple[type, str]] = [
        (agate_helper.Integer, "integer"),
        (agate.Boolean, "boolean"),
        (agate.DateTime, "timestamp"),
        (agate.Date, "date"),
        (agate.Number, "decimal"),
        (agate.Text, "text"),
    ]
    for agate_type, kind in kinds:
        if isinstance(data_type, agate_type):
            return kind
    raise DbtRuntimeError(
        f"seed column '{column_name}' has agate type {type(data_type).__name__}, which "
        "dbt-session cannot load; set its type with the seed's `column_types`"
    )


def columns_of(agate_table: "agate.Table") -> list[tuple[str, str]]:
    return [
        (str(name), value_kind(str(name), data_type))
        for name, data_type in zip(agate_table.column_names, agate_table.column_types, strict=True)
    ]


def describe_load(table: str, row_count: int) -> str:
    """What dbt writes into the seed's compiled file and log in place of the INSERT text:
    a SQL comment, since no SQL statement carries the rows."""
    return (
        f"-- dbt-session: {row_count} rows written to {table} with one Spark DataFrame write "
        "(insertInto, overwrite) instead of INSERT ... VALUES statements"
    )


def seed_file(node: Any) -> str:
    """The CSV file of a seed node: the package's root and the path dbt parsed it from."""
    return os.path.join(node.root_path, node.original_file_path)


def require_utf8(path: str) -> None:
    """Refuses a seed file that is not UTF-8, naming the file and the first bad byte's offset.

    dbt-core decodes seeds as UTF-8 twice. Parsing hashes every seed file up to
    --maximum-seed-size-mib (dbt.parser.read_files.load_seed_source_file -> FileHash.from_path,
    1 MiB text chunks): a bad byte ends every command with a Python traceback that names no
    file and gives the offset within the chunk. The seed's materialization reads it again
    (load_agate_table), and its `column_types` header read (_read_csv_header) lets the error
    escape unhandled."""
    if not os.path.isfile(path):
        return  # dbt reports a missing file itself
    with open(path, "rb") as csv_file:
        data = csv_file.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DbtRuntimeError(
            f"seed file {path} is not UTF-8: byte 0x{data[error.start]:02x} at byte offset "
            f"{error.start} (line {line}): {error.reason}. dbt reads seeds as UTF-8: save the file "
            "as UTF-8 (for example `iconv -f latin1 -t utf-8`)"
        ) from None


def require_utf8_seeds(project: Any) -> None:
    """Checks, before dbt parses, the root project's seed files its parse will decode (its
    seed-paths and .dbtignore, searched as dbt searches them) up to the size dbt hashes.
    Larger seeds are checked when they load (pre_model_hook). Packages' seeds are left to dbt:
    loading the packages' projects here, inside dbt's adapter registration, deadlocks."""
    from dbt.flags import get_flags
    from dbt.parser.read_files import generate_dbt_ignore_spec
    from dbt.parser.search import filesystem_search

    limit = get_flags().MAXIMUM_SEED_SIZE_MIB * 1024 * 1024
    ignore = generate_dbt_ignore_spec(project.project_root)
    for match in filesystem_search(project, project.seed_paths, ".csv", ignore):
        if limit == 0 or match.file_size <= limit:
            require_utf8(match.absolute_path)
