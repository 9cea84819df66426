"""Attach faults, with one parent process that owns a plain local SparkSession (Delta, but no
`hive_metastore` catalog and no dbt-session alias jar: a notebook kernel's or a script's) and
runs dbt-session children through the Databricks launcher (packaging/databricks/launcher.py):
- the child works in that session: `hive_metastore` is registered on the attached session;
- `dbt debug` of a session target that still names a `host` makes no connection to it;
- a child killed with SIGKILL while its model's Spark job runs: the launcher cancels that job
  within seconds, and the parent's session lives on."""

import json
import subprocess
import time
from pathlib import Path

from conftest import BINARY
from projects import session_target, write_project
from topology import python_executable

PARENT = Path(__file__).parent / "fault_attach_parent.py"
SCHEMA = "fault_attach"

MODELS = {
    # Three-part names through ref(): hive_metastore.<schema>.first.
    "first.sql": "{{ config(materialized='table') }}\nselect id from range(0, 5)",
    "second.sql": "{{ config(materialized='table') }}\nselect id * 2 as doubled from {{ ref('first') }}",
    # 10^15 rows in 7 partitions (fault_attach_parent.ENDLESS_TASKS): hours of work.
    "endless.sql": "{{ config(materialized='table') }}\n"
                   "select sum(id % 7) as s from range(0, 1000000000000000, 1, 7)",
}


def fault_project(root: Path) -> Path:
    target = session_target("{{ env_var('FAULT_SCHEMA') }}")
    return write_project(root, "fault_attach", target, {f"models/{name}": sql for name, sql in MODELS.items()},
                         other_targets={"with_host": {**target, "host": "{{ env_var('PROBE_HOST') }}"}})


def test_a_plain_parent_session_serves_its_child_whose_killed_job_the_launcher_cancels(tmp_path):
    project = fault_project(tmp_path / "project")
    started = time.monotonic()
    done = subprocess.run(
        [python_executable(), str(PARENT), "--storage", str(tmp_path / "parent"), "--project", str(project),
         "--schema", SCHEMA, "--binary", str(BINARY)],
        capture_output=True, text=True, timeout=1500, stdin=subprocess.DEVNULL,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("FINDINGS ")]
    assert done.returncode == 0 and lines, f"parent failed ({done.returncode}):\n{done.stdout[-6000:]}\n{done.stderr[-6000:]}"
    findings = json.loads(lines[-1][len("FINDINGS "):])
    print(f"fault attach parent: {time.monotonic() - started:.0f}s, "
          f"killed child's job cancelled after {findings['killed'].get('seconds_to_cancel', -1):.1f}s")

    # No hive_metastore conf in the parent: the child registers the alias on the attached session.
    run = findings["run"]
    assert run["returncode"] == 0, run["output"][-6000:]
    assert "SCHEMA_NOT_FOUND" not in run["output"]
    assert findings["second_rows"] == 5

    # `dbt debug` with a host in the target: the session answers, the host is never contacted.
    debug = findings["debug"]
    assert debug["returncode"] == 0, debug["output"][-6000:]
    assert "Connection test: [OK connection ok]" in debug["output"] or "OK connection ok" in debug["output"]
    assert findings["probe_connections"] == 0

    # kill -9 of the child: its running job is cancelled by the launcher, not left to run.
    killed = findings["killed"]
    assert killed["job_started"], killed
    assert killed["killed_pids"], killed
    assert killed["child"]["returncode"] == -9, killed["child"]
    assert killed["jobs_ended"] and killed["seconds_to_cancel"] < 5, killed
    assert all(status.endswith("FAILED") for status in killed["job_status"]), killed
    assert findings["parent_alive"]
