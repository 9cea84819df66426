"""A model's `grants` on OSS Spark. dbt-databricks applies them after the model's relation is
built, with GRANT and REVOKE (and SHOW GRANTS to compare on a rebuild); OSS Spark has no
privileges, and its parser refuses GRANT (INVALID_STATEMENT_OR_CLAUSE), so every model with
grants would fail after its table was replaced. A session on OSS Spark has nobody to grant to:
the grants are skipped and the run says so once (include/macros/apply_grants.sql). On a
Databricks runtime dbt-databricks applies them unchanged."""

import threading
from collections.abc import Mapping
from typing import Any

from dbt.adapters.databricks.logging import logger

# The package of dbt's own apply_grants implementation (default__apply_grants).
_DBT_GLOBAL_PROJECT = "dbt"


def takes_standard_implementation(implementation: Any) -> bool:
    """True when dbt's dispatch of `apply_grants` resolved to dbt's own implementation; a
    project's or package's override is respected as is."""
    macro = getattr(implementation, "macro", None)
    return getattr(macro, "package_name", None) == _DBT_GLOBAL_PROJECT


class SkippedGrants:
    """The relations whose grants one invocation skipped: the first is named in a warning (dbt
    runs models on several threads), every one in the debug log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._warned = False

    def skip(self, relation: str, grant_config: Mapping[str, Any]) -> None:
        privileges = ", ".join(sorted(grant_config))
        with self._lock:
            first, self._warned = not self._warned, True
        if first:
            logger.warning(
                f"Grants are not applied on OSS Spark, which has no GRANT statement: {relation} "
                f"({privileges}) and every later model with grants in this run keep no "
                "privileges. The models are built as usual; on Databricks the grants apply."
            )
        else:
            logger.debug(f"Grants not applied on OSS Spark: {relation} ({privileges})")
