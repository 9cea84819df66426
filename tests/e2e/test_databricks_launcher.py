"""packaging/databricks/launcher.py, as a Databricks Python task runs it: in a Python process
that holds the cluster's SparkSession (simulated here by a local parent process with Delta),
its entry function starts the built `dbt-session` attached to that session, streams the
output and returns the exit code. (A real cluster is not available here: see docs/databricks.md.)"""

import json

from projects import TOPOLOGY_TABLES, topology_project
from topology import run_parent


def test_launcher_runs_dbt_session_attached_to_the_callers_session_and_forwards_exit_codes(tmp_path):
    project = topology_project(tmp_path / "topology", "attached_launcher")
    failing = ["run", "--profiles-dir", str(tmp_path / "no-such-profiles-dir")]
    findings = run_parent(tmp_path, project, "launcher", "--tables", "raw_numbers",
                          "--second", json.dumps(failing), "--", "seed", "--profiles-dir", ".")
    seed = findings["build"]  # the first child run
    assert seed["returncode"] == 0, seed["output"][-6000:]
    # The child's output reached the caller's stdout (a task's output, a notebook cell).
    assert "attach to the running Spark driver JVM through py4j" in seed["output"]
    assert "Completed successfully" in seed["output"]
    assert findings["tables"] == {"raw_numbers": TOPOLOGY_TABLES["raw_numbers"]}
    assert findings["parent_alive"]
    # dbt's error exit code (2) comes back to the task, and the session survives it.
    assert findings["second"]["returncode"] == 2, findings["second"]["output"][-3000:]
    assert findings["parent_alive_after_second"]
