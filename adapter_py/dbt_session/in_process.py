"""Run dbt in this Python process on a SparkSession it already holds: a notebook cell or a
Databricks Python task that has `spark` (the first scenario of the implementation plan).

    import dbt_session
    result = dbt_session.run(["build", "--project-dir", "/Workspace/my_project"], spark=spark)

The same plugin and C++ connection as the `dbt-session` binary; the session keeps running.
"""

from collections.abc import Sequence
from typing import Any

from dbt.cli.main import dbtRunner, dbtRunnerResult
from dbt_session import plugin
from dbt_session.native import native


def run(args: Sequence[str], spark: Any) -> dbtRunnerResult:
    """Runs one dbt command (dbt's own arguments, e.g. ["run", "--select", "x"]) with every
    `method: session` connection on `spark`, and returns dbt's result. `spark` is not stopped."""
    previous = native.session() if native.session_is_started() else None
    native.use_session(spark)
    plugin.install()
    try:
        return dbtRunner().invoke(list(args))
    finally:
        if previous is not None:
            native.use_session(previous)
        else:
            native.release_session()
