"""How long a trivial Python model waits between dbt starting it and its first Spark job.

This is the overhead `submission_method: session` exists to remove (a Jobs/Command API
submission starts a run on a cluster first). Method: run a project of two trivial Python
models (threads 1, so one after the other) through the built binary with Spark's event log
on, then compare each model's start (run_results.json, `compile` timing's started_at) with the
submission time of the first Spark job after it (SparkListenerJobStart in the event log). The
first model of a run pays for the JVM's first Python-model write; the second shows a warm
process. Every repeat is a new process on the same metastore: the first repeat creates the
tables, later ones replace them.

    .venv/bin/python bench/python_model_first_job.py [--repeat 3]
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BINARY = REPO / "build" / "dbt-session"
MODEL = "def model(dbt, session):\n    return session.range(1)\n"
MODELS = ("first", "second")  # dbt runs independent nodes of one thread in name order


def write_project(root: Path) -> None:
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text("name: bench\nversion: '1.0'\nconfig-version: 2\nprofile: bench\n")
    (root / "profiles.yml").write_text(
        "bench:\n  target: local\n  outputs:\n    local:\n"
        "      type: databricks\n      method: session\n      schema: bench_first_job\n      threads: 1\n"
    )
    for name in MODELS:
        (root / "models" / f"{name}.py").write_text(MODEL)


def models_started_at(project: Path) -> dict[str, float]:
    results = json.loads((project / "target" / "run_results.json").read_text())
    started = {}
    for result in results["results"]:
        timing = {t["name"]: t for t in result["timing"]}
        at = timing["compile"]["started_at"].rstrip("Z")
        started[result["unique_id"].rsplit(".", 1)[1]] = datetime.fromisoformat(at).timestamp()
    return started


def first_job_after(event_dir: Path, start: float) -> float:
    # Spark 4 writes rolling logs: eventlog_v2_<app>/events_<n>_<app>[.zstd|...].
    lines = [line for log in sorted(event_dir.rglob("events_*")) for line in log.read_text().splitlines()]
    for line in lines:
        event = json.loads(line)
        if event.get("Event") == "SparkListenerJobStart":
            submitted = event["Submission Time"] / 1000
            if submitted >= start:
                return submitted
    raise RuntimeError("no Spark job after the model started")


def measure_once(home: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        project, events = Path(scratch) / "project", Path(scratch) / "events"
        write_project(project)
        events.mkdir()
        env = {**os.environ, "DBT_SESSION_HOME": str(home), "TZ": "UTC"}
        done = subprocess.run(
            [str(BINARY), "--log-level", "warn", "--conf", "spark.eventLog.enabled=true",
             "--conf", f"spark.eventLog.dir=file://{events}", "--conf", "spark.eventLog.compress=false",
             "run", "--profiles-dir", "."],
            cwd=project, env=env, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stdout + done.stderr)
        started = models_started_at(project)
        return {name: first_job_after(events, started[name]) - started[name] for name in MODELS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-first-job-"))
    try:
        runs = [measure_once(home) for _ in range(args.repeat)]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps({"model_start_to_first_spark_job_seconds":
                      {name: [round(run[name], 3) for run in runs] for name in MODELS}}))


if __name__ == "__main__":
    main()
