"""How long a trivial Python model waits between dbt starting it and its first Spark job.

This is the overhead `submission_method: session` exists to remove (a Jobs/Command API
submission starts a run on a cluster first). Method: run a one-model project through the
built binary with Spark's event log on, then compare the model's start (run_results.json,
`compile` timing's started_at) with the submission time of the first Spark job after it
(SparkListenerJobStart in the event log).

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


def write_project(root: Path) -> None:
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text("name: bench\nversion: '1.0'\nconfig-version: 2\nprofile: bench\n")
    (root / "profiles.yml").write_text(
        "bench:\n  target: local\n  outputs:\n    local:\n"
        "      type: databricks\n      method: session\n      schema: bench_first_job\n      threads: 1\n"
    )
    (root / "models" / "trivial.py").write_text(MODEL)


def model_started_at(project: Path) -> float:
    results = json.loads((project / "target" / "run_results.json").read_text())
    [result] = results["results"]
    timing = {t["name"]: t for t in result["timing"]}
    started = timing["compile"]["started_at"].rstrip("Z")
    return datetime.fromisoformat(started).timestamp()


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


def measure_once(home: Path) -> float:
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
        return first_job_after(events, model_started_at(project)) - model_started_at(project)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-first-job-"))
    try:
        seconds = [measure_once(home) for _ in range(args.repeat)]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps({"model_start_to_first_spark_job_seconds": [round(s, 3) for s in seconds],
                      "median": round(sorted(seconds)[len(seconds) // 2], 3)}))


if __name__ == "__main__":
    main()
