"""The adapter dbt loads for ``type: databricks`` when run through dbt-session: dbt-databricks'
adapter with the session connection manager."""

from dbt.events.types import DebugCmdOut  # type: ignore[attr-defined]
from dbt_common.events.functions import fire_event

from dbt.adapters.databricks.impl import DatabricksAdapter
from dbt_session import capabilities
from dbt_session.connections import SessionConnectionManager


# The name must begin with "DatabricksAdapter": dbt derives the adapter's package from the
# class name (BaseAdapter.get_adapter_run_info imports dbt.adapters.<name before "Adapter">).
class DatabricksAdapterWithSession(DatabricksAdapter):
    ConnectionManager = SessionConnectionManager
    connections: SessionConnectionManager

    def debug_query(self) -> None:
        super().debug_query()
        summary = self.connections.session_summary()
        if summary is None:
            return
        # Shown by `dbt debug` under "Connection:", right before "Connection test: OK".
        fire_event(DebugCmdOut(msg=f"  spark: {summary['spark_version']} (master {summary['master']})"))
        fire_event(DebugCmdOut(msg=f"  compute: {capabilities.describe(summary['databricks_runtime'])}"))
