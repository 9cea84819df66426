"""A macros-only dbt plugin: dbt-session's internal macro project (adapter_py/dbt_session/include).

dbt loads an adapter's macros from its plugin's include project and from the plugins it names
as dependencies, each imported as ``dbt.adapters.<name>`` (``dbt.adapters`` extends its path
over sys.path, so this directory is found next to the installed adapters). The session plugin
(dbt_session.plugin) names this one as a dependency; a plain dbt run never loads it.
Macro precedence among internal projects: the adapter's plugins (in dependency order) before
dbt's global project, so `load_csv_rows` here overrides dbt's dispatcher, while every
`databricks__*` implementation stays dbt-databricks' own.
"""

from typing import Any, NoReturn

from dbt.adapters.base import AdapterPlugin
from dbt_common.exceptions import DbtRuntimeError

from dbt_session.credentials import SessionCredentials
from dbt_session.include import PACKAGE_PATH, PROJECT_NAME

TYPE = "databricks_session_macros"


class MacrosOnly:
    """Stands in for an adapter class: dbt reads a dependency plugin's `type()` only."""

    @classmethod
    def type(cls) -> str:
        return TYPE

    def __init__(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise DbtRuntimeError(
            f"`type: {TYPE}` is dbt-session's internal macro package, not an adapter: "
            "use `type: databricks` with `method: session`"
        )


Plugin = AdapterPlugin(
    adapter=MacrosOnly,  # type: ignore[arg-type]
    credentials=SessionCredentials,
    include_path=PACKAGE_PATH,
    project_name=PROJECT_NAME,
)
