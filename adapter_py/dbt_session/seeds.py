"""Seed rows in session mode: one Spark DataFrame write instead of INSERT ... VALUES batches.

dbt-databricks' ``databricks__load_csv_rows`` sends a seed as ``insert overwrite|into <table>
values (%s, ...)`` statements of 10,000 rows with one bound parameter per cell: a 100,000-row,
10-column seed is ten statements with 100,000 parameters each, every one parsed, analysed and
planned by Spark. In session mode the rows go to Spark in one Arrow batch and one ``insertInto``
(bindings/seed_loader.cpp). The table is still the one dbt-databricks' ``create_csv_table``
created (column types from ``column_types`` and ``adapter.convert_type``), and the values reach
it the way bound parameters do, so both paths leave the same rows.
"""

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
        for name, data_type in zip(agate_table.column_names, agate_table.column_types)
    ]


def describe_load(table: str, row_count: int) -> str:
    """What dbt writes into the seed's compiled file and log in place of the INSERT text:
    a SQL comment, since no SQL statement carries the rows."""
    return (
        f"-- dbt-session: {row_count} rows written to {table} with one Spark DataFrame write "
        "(insertInto, overwrite) instead of INSERT ... VALUES statements"
    )
