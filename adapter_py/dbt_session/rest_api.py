"""What session mode answers where dbt-databricks would call the Databricks REST API.

dbt-databricks builds its REST client (`DatabricksApiClient`) from the profile's host and
token, which a `method: session` target does not have: the first call would fail with a host,
token or OAuth error that says nothing about the model or the feature. Session mode has no
REST client at all; reaching for one fails at that model with the feature named.

The call sites reachable from dbt-databricks 1.12 (grep `api_client` in its package):
- `DeltaLiveTableAPIBase.get_from_relation` (impl.py) waits, through the Pipelines API, for a
  running refresh of an existing materialized view or streaming table whose tblproperties name
  a `pipelines.pipelineId`. There is no SQL that waits for a pipeline update.
- `DatabricksConnectionManager.cancel_open` cancels Python job runs (PythonRunTracker):
  session mode overrides it (connections.py), it has no job runs.
- the Python-model submission helpers (jobs, command contexts, workspace, permissions,
  workflows): session mode refuses API submission methods before a helper is built (impl.py)
  and runs Python models on the session.
"""

from typing import Any

from dbt_common.events.contextvars import get_node_info
from dbt_common.exceptions import DbtRuntimeError

# The REST client's attribute -> the dbt feature that reaches for it.
FEATURES = {
    "dlt_pipelines": "waiting for a running refresh of a materialized view or streaming table "
    "to finish (Databricks Pipelines REST API)",
    "job_runs": "Python model job runs (Databricks Jobs REST API)",
    "workflows": "Python model workflow jobs (Databricks Jobs REST API)",
    "commands": "Python model commands on an all-purpose cluster (Databricks Command REST API)",
    "command_contexts": "Python model commands on an all-purpose cluster (Databricks Command REST API)",
    "clusters": "starting or waiting for a cluster (Databricks Clusters REST API)",
    "libraries": "cluster library status (Databricks Libraries REST API)",
    "workspace": "uploading a Python model notebook (Databricks Workspace REST API)",
    "curr_user": "looking up the current user (Databricks SCIM REST API)",
    "folders": "choosing a Python model notebook folder (Databricks Workspace REST API)",
    "workflow_permissions": "Python model job permissions (Databricks Permissions REST API)",
    "notebook_permissions": "Python model notebook permissions (Databricks Permissions REST API)",
}


class NoRestApiInSessionMode:
    """Stands where dbt-databricks expects its `DatabricksApiClient` in session mode."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        feature = FEATURES.get(name, f"the Databricks REST API ({name})")
        node = get_node_info().get("unique_id") or "(no model: run level)"
        raise DbtRuntimeError(
            f"{node}: {feature} is not available with `method: session`, which runs on the "
            "cluster's SparkSession and has no host or token for REST calls. Run this model "
            "with a `method: dbsql` target (host, http_path, token)."
        )
