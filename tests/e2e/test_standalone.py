"""A Spark standalone cluster started here: one master and two workers (1 core, 1g each), each
its own JVM process. `dbt-session --master spark://...` builds the topology project with its
work on executors in the workers' processes; Delta's jars reach them through spark.jars, and
the project's data test reads back, on those executors, what they wrote."""

import json
import time
import urllib.request
from pathlib import Path

from conftest import RunDbtSession
from projects import topology_project
from topology import standalone_cluster


def finished_applications(master_ui: str) -> list[dict]:
    with urllib.request.urlopen(f"{master_ui}/json/", timeout=10) as answer:
        return json.load(answer).get("completedapps", [])


def test_master_spark_url_runs_the_build_on_the_clusters_executors(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    project = topology_project(tmp_path / "topology", "on_standalone")
    with standalone_cluster(tmp_path / "cluster") as (master, master_ui):
        started = time.monotonic()
        run = run_dbt_session(
            ["--master", master, "--warehouse", str(tmp_path / "storage"),
             # one executor per worker, each as small as the workers
             "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=512m",
             "--conf", "spark.cores.max=2", "--conf", "spark.sql.shuffle.partitions=2",
             "build", "--profiles-dir", "."],
            cwd=project,
        )
        print(f"dbt-session --master spark:// build: {time.monotonic() - started:.0f}s")
        assert run.returncode == 0, run.output[-8000:]
        assert "PASS=5" in run.stdout  # the seed, three models and the data test of their rows
        assert f"create a SparkSession with master {master} (--master was given)" in run.stderr
        # The master's record of the finished application: its executors ran in the workers.
        [application] = [app for app in finished_applications(master_ui) if app["name"] == "dbt-session"]
        assert application["cores"] >= 1, application
        executors_dir = list((tmp_path / "cluster").glob(f"work-*/{application['id']}/*/stderr"))
        assert len(executors_dir) >= 2, f"expected executors in both workers, found {executors_dir}"
    # The executors wrote the tables under the storage root given (--warehouse).
    assert (tmp_path / "storage" / "warehouse" / "on_standalone.db" / "numbers" / "_delta_log").is_dir()
