"""Which connection method a databricks target uses: ``session`` or ``dbsql``.

The names and the auto-detection are the ones users were promised (implementation plan v2):
an explicit ``method`` wins; otherwise ``DBT_DATABRICKS_SESSION_MODE=true`` selects session
mode, and so does running on a Databricks runtime with no ``host`` in the profile.
"""

import os
from typing import Any, Optional

from dbt_common.exceptions import DbtValidationError

SESSION = "session"
DBSQL = "dbsql"
METHODS = (SESSION, DBSQL)


def resolve_method(method: Optional[str], host: Optional[str]) -> str:
    if method is not None:
        chosen = str(method).strip().lower()
        if chosen not in METHODS:
            raise DbtValidationError(
                f"profiles.yml: unknown method '{method}' for a databricks target; "
                f"use `method: session` (dbt-session's SparkSession) or `method: dbsql`"
            )
        return chosen
    if os.environ.get("DBT_DATABRICKS_SESSION_MODE", "").strip().lower() == "true":
        return SESSION
    if os.environ.get("DATABRICKS_RUNTIME_VERSION") and not host:
        return SESSION
    return DBSQL


def is_session(credentials: Any) -> bool:
    return getattr(credentials, "method", None) == SESSION


# The dbt commands (dbt's flags.WHICH: `docs generate` is "generate", `source freshness`
# "freshness") that always query the warehouse, so their session can start while dbt parses
# the project. Commands that may not query (compile, run-operation, parse, ls, ...) start
# Spark only when a connection first needs it.
COMMANDS_THAT_QUERY = frozenset(
    {"build", "clone", "debug", "freshness", "generate", "retry", "run", "seed", "show",
     "snapshot", "test"}
)


def command_queries(flags: Any) -> bool:
    return getattr(flags, "WHICH", None) in COMMANDS_THAT_QUERY
