"""Credentials for ``type: databricks`` with ``method: session``.

dbt-databricks' credentials assume a host: ``unique_field`` returns it (dbt hashes it at
runtime-config time), ``cluster_id`` runs a regex on ``http_path`` (reached at parse time by
``dateadd``/``datediff``), and ``validate_creds`` demands host and http_path when a connection
opens. Session mode has no host and, unless the profile gives one, no http_path: it gets a
cluster's (SESSION_HTTP_PATH, which packages read in ``target``), and those three answer for
the session here. With ``method: dbsql`` every override defers to dbt-databricks unchanged.
"""

import importlib.util
import sys
from dataclasses import dataclass
from collections.abc import Iterable
from typing import Any, Optional

from dbt_common.exceptions import DbtRuntimeError, DbtValidationError

from dbt.adapters.databricks.credentials import DatabricksCredentials
from dbt_session.mode import SESSION, resolve_method
from dbt_session.native import native

# What `cluster_id` answers in session mode. dbt-databricks treats a non-empty cluster id
# as "this is a cluster, not a SQL warehouse" (utils.is_cluster_http_path), which is true:
# the session runs on a cluster (or on local Spark), never on a warehouse.
SESSION_CLUSTER_ID = "dbt-session"

# What `http_path` is in session mode when the profile sets none: a path of the all-purpose
# cluster form (sql/protocolv1/o/<workspace id>/<cluster id>), whose cluster id is the one
# above. Packages read `target.http_path` to tell a cluster from a SQL warehouse
# (re.search("sql/protocol", target.http_path) means a cluster) and dbt-databricks derives
# `cluster_id` from it (credentials.extract_cluster_id, utils.is_cluster_http_path).
SESSION_HTTP_PATH = f"sql/protocolv1/o/0/{SESSION_CLUSTER_ID}"


# A target that names neither: dbt-databricks would fail later with "AttributeError:
# 'NoneType' object has no attribute 'encode'" (its unique_field hashes `host` when dbt builds
# the runtime config), which names nothing.
NO_METHOD_NO_HOST = (
    "profiles.yml: this databricks target has neither `method` nor `host`, so dbt-databricks "
    "has no workspace to connect to. To run it in dbt-session's SparkSession add "
    "`method: session` to the target (or set DBT_DATABRICKS_SESSION_MODE=true); to use a "
    "Databricks SQL warehouse or cluster, set `host` and `http_path`"
)


# dbt-databricks' catalog when the profile names none; the one catalog OSS Spark has here.
HIVE_METASTORE = "hive_metastore"
CATALOG_IN_SESSION_PROPERTIES = "databricks.catalog"  # dbt-databricks' third spelling


@dataclass
class SessionCredentials(DatabricksCredentials):
    method: Optional[str] = None

    def __post_init__(self) -> None:
        method_given = self.method is not None
        self.method = resolve_method(self.method, self.host)
        if self.method == SESSION:
            if not self.schema:
                raise DbtValidationError(
                    "profiles.yml: `schema` is required for a `method: session` target"
                )
            if importlib.util.find_spec("pyspark") is None:
                raise DbtRuntimeError(
                    "`method: session` needs pyspark, which is not installed in this Python "
                    f"environment ({sys.prefix}): on a local machine install dbt-session with its "
                    "[local] extra (pip install 'dbt_session-<version>-…whl[local]'); on Databricks "
                    "install dbt-session into the runtime's Python (/databricks/python3), which has pyspark"
                )
            if not self.http_path:
                self.http_path = SESSION_HTTP_PATH
            self._refuse_unity_catalog_before_spark()
        elif not method_given and not self.host:
            raise DbtValidationError(NO_METHOD_NO_HOST)
        super().__post_init__()

    def _refuse_unity_catalog_before_spark(self) -> None:
        # The session is created lazily, after dbt loads the profile: when the host knows it
        # will be OSS Spark, the rendered profile is enough to refuse a Unity Catalog name now,
        # rather than after a JVM started (the connection handle checks every other session).
        if not native.session_creates_oss_spark():
            return
        # dbt translated `catalog` to its alias `database` before this; which one the user
        # wrote is not kept, so the message names the documented key.
        key, value = "catalog", self.database
        if value is None and CATALOG_IN_SESSION_PROPERTIES in (self.session_properties or {}):
            key = f"session_properties.{CATALOG_IN_SESSION_PROPERTIES}"
            value = self.session_properties[CATALOG_IN_SESSION_PROPERTIES]  # type: ignore[index]
        if value is not None and str(value).strip().lower() not in ("", HIVE_METASTORE):
            raise DbtValidationError(native.unity_catalog_refusal(key, str(value).strip()))

    @property
    def is_session(self) -> bool:
        return self.method == SESSION

    @property
    def unique_field(self) -> str:
        if self.is_session:
            return f"{SESSION}:{self.database}.{self.schema}"
        return super().unique_field

    @property
    def cluster_id(self) -> Optional[str]:
        # A profile's http_path of a cluster names that cluster; any other still runs here.
        if self.is_session:
            return super().cluster_id or SESSION_CLUSTER_ID
        return super().cluster_id

    def validate_creds(self) -> None:
        if not self.is_session:
            super().validate_creds()

    def connection_info(self, *, with_aliases: bool = False) -> Iterable[tuple[str, Any]]:
        # With aliases these pairs become dbt's Jinja `target` (Profile.to_target_dict). On
        # Databricks `target.host` is always a string, which packages test with `in` and string
        # methods: a session target without one reads as "" there (as dbt-databricks' own hook
        # tests expect, `target.get("host", "")`), never None, which renders as "None".
        for key, value in super().connection_info(with_aliases=with_aliases):
            absent_host = key == "host" and value is None and with_aliases and self.is_session
            yield key, "" if absent_host else value

    def _connection_keys(self, *, with_aliases: bool = False) -> tuple[str, ...]:
        if not self.is_session:
            return super()._connection_keys(with_aliases=with_aliases)
        # host and http_path stay in the Jinja `target` (with_aliases=True builds it), where
        # packages read them; host is the profile's value or none.
        keys = ["method", "host", "http_path", "database" if with_aliases else "catalog", "schema"]
        if self.session_properties:
            keys.append("session_properties")
        return tuple(keys)
