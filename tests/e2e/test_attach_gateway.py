"""Attach: a parent Python process owns a SparkSession (as a notebook or a Databricks Python
task does) and runs the built `dbt-session` as a child with the parent's py4j gateway port and
secret. The child works in the parent's session: it builds the topology project and checks the
`hive_metastore` alias's name forms there (alias_forms.py), the parent reads back what it
built, and its session outlives the child."""

import json

from alias_forms import FIRST_RUN, FIRST_RUN_PASSES, SECOND_RUN, TABLES, alias_forms_project, assert_alias_forms
from projects import TOPOLOGY_TABLES
from topology import run_parent


def test_child_builds_in_the_parents_session_which_outlives_it_and_reports_the_cluster_runtime(tmp_path):
    project = alias_forms_project(tmp_path / "project", "attached_env")
    findings = run_parent(tmp_path, project, "env", "--simulate-dbr", "17.3.x-scala2.13", "--tables", ",".join(TABLES),
                          "--second", json.dumps(SECOND_RUN), "--", *FIRST_RUN)
    build = findings["build"]
    assert build["returncode"] == 0, build["output"][-6000:]
    assert FIRST_RUN_PASSES in build["output"]
    assert "attach to the running Spark driver JVM through py4j" in build["output"]
    assert "PYSPARK_GATEWAY_PORT is set" in build["output"]
    assert "starting Spark" not in build["output"], "the child created a session instead of attaching"
    assert not findings["child_storage_created"]
    assert findings["parent_alive"]

    # The DBR version is read from the attached session's conf, as on a Databricks driver.
    debug = findings["debug"]
    assert debug["returncode"] == 0, debug["output"][-6000:]
    assert "compute: Databricks runtime 17.3" in debug["output"], debug["output"][-3000:]
    assert "session: attach to the running Spark driver JVM" in debug["output"]
    assert "Spark line: 3.5 (Scala 2.12" in debug["output"] or "Spark line: 4.0 (Scala 2.13" in debug["output"]
    assert findings["parent_alive_after_debug"]

    second = findings["second"]
    assert_alias_forms(project, "attached_env", (build["returncode"], build["output"]),
                       (second["returncode"], second["output"]))
    # The seed, the SQL and the Python models, read back by the parent's own session.
    assert findings["tables"] == {**TOPOLOGY_TABLES, "safe_view": 1, "safe_table": 1, "safe_incremental": 1}
    assert (findings["listed_tables"], findings["listed_views"]) == (TABLES, ["safe_view"]), findings
    assert findings["parent_alive_after_second"]
