"""DBR capabilities of the session's compute.

On Databricks the runtime version comes from the cluster's conf, exactly as dbt-databricks
reads it, so session mode emits the SQL plain dbt-databricks emits for that runtime. OSS
Spark has no runtime version: it gets the capabilities OSS Spark 4 + Delta 4 accept.
"""

import sys
from typing import Optional

from dbt.adapters.databricks.dbr_capabilities import DBRCapabilities, DBRCapability


class LocalSparkCapabilities(DBRCapabilities):
    # TIMESTAMPDIFF (Spark 3.3+) and INSERT INTO ... BY NAME (Spark 3.5+) are OSS Spark SQL.
    # Not: COMMENT ON COLUMN, REPLACE ON, DESCRIBE ... AS JSON, JSON column metadata,
    # Iceberg, INSERT BY NAME with REPLACE WHERE (all Databricks runtime SQL).
    SUPPORTED = frozenset({DBRCapability.TIMESTAMPDIFF, DBRCapability.INSERT_BY_NAME})

    def __init__(self) -> None:
        super().__init__(dbr_version=None, is_sql_warehouse=False)

    def has_capability(self, capability: DBRCapability) -> bool:
        return capability in self.SUPPORTED


def capabilities_for(databricks_runtime: Optional[tuple[int, int]]) -> DBRCapabilities:
    if databricks_runtime is None:
        return LocalSparkCapabilities()
    return DBRCapabilities(dbr_version=(databricks_runtime[0], databricks_runtime[1]), is_sql_warehouse=False)


def describe(databricks_runtime: Optional[tuple[int, int]]) -> str:
    caps = sorted(c.value for c in capabilities_for(databricks_runtime).enabled_capabilities())
    if databricks_runtime is None:
        return f"OSS Spark capability set ({', '.join(caps)})"
    major, minor = databricks_runtime
    shown_minor = "x" if minor == sys.maxsize else minor  # "17.x" tags mean any minor
    return f"Databricks runtime {major}.{shown_minor} ({', '.join(caps) or 'none'})"
