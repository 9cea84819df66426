"""The one substitution point (DESIGN.md, "Plugin substitution").

dbt imports ``dbt.adapters.<type>`` and reads its ``Plugin`` each time a profile is loaded,
checking ``Plugin.adapter.type() == <type>``. Rebinding ``dbt.adapters.databricks.Plugin``
before dbt runs survives ``reset_adapters`` and repeated invocations. The type stays
``databricks``, the include path stays dbt-databricks' macros, and the dependency stays
``spark`` (never ``databricks``: that would load this plugin again).

One dependency is added: ``databricks_session_macros``, a macros-only plugin holding
dbt-session's internal macro project (the fast seed load, adapter_py/dbt_session/seeds.py).
It is loaded only through this plugin, so a plain dbt run never sees it.
"""

import warnings

import dbt.adapters.databricks as databricks_package
from dbt.adapters.base import AdapterPlugin
from dbt.include import databricks as databricks_macros
from dbt_session.credentials import SessionCredentials
from dbt_session.impl import DatabricksAdapterWithSession

SESSION_PLUGIN = AdapterPlugin(
    adapter=DatabricksAdapterWithSession,  # type: ignore[arg-type]
    credentials=SessionCredentials,
    include_path=databricks_macros.PACKAGE_PATH,
    dependencies=["spark", "databricks_session_macros"],
)


# dbt-databricks 1.12's catalog (`docs generate`, DatabricksAdapter._get_schema_for_catalog)
# forces a text type on its CATALOG_TEXT_ONLY_COLUMNS, but builds the rows with
# DatabricksColumn.to_column_dict(omit_none=True), which leaves out `comment` (never set on
# that path), and `table_comment` / `table_owner` when they are empty. agate's TypeTester then
# warns once per missing name and schema, on Databricks too (dbt-labs/dbt-core#15292); the
# catalog is right. Only that warning, for those three names, is silenced.
CATALOG_COLUMN_WARNING = (
    r'"(comment|table_comment|table_owner)" does not match the name of any column in this table\.'
)


def install() -> None:
    """Make dbt load the session-aware databricks adapter from now on (idempotent)."""
    databricks_package.Plugin = SESSION_PLUGIN
    # filterwarnings replaces an equal filter instead of adding another.
    warnings.filterwarnings(
        "ignore",
        message=CATALOG_COLUMN_WARNING,
        category=RuntimeWarning,
        module=r"agate\.type_tester",
    )


def is_installed() -> bool:
    return databricks_package.Plugin is SESSION_PLUGIN
