"""How long `dbt-session run` takes from launch to its first model's START line.

The built binary runs a project of N SQL view models (one model, and 60) with a session it
creates, each repeat a new process on the same metastore. Read from the run's console (stdout
and stderr merged, so in order), seconds after launch:

- `parsed`: dbt's "Found N models" (the project is parsed; the first repeat parses in full,
  later ones partially);
- `ready`: the host's "Spark … ready" (the driver JVM is up, the metastore open and the first
  statement run);
- `start`: the first "START" line of a model.

dbt asks for the session once it has parsed; `run` always queries, so the host starts Spark
while dbt parses (bindings/session_source.hpp). `start - ready` is what the run spends on its
first queries (dbt's schema and relation listing) once Spark is up.

    .venv/bin/python bench/startup.py [--models 1,60] [--repeat 3]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional

from harness import session_target, write_dbt_files

REPO = Path(__file__).resolve().parents[1]
BINARY = REPO / "build" / "dbt-session"
MARKS = {
    "parsed": re.compile(r"Found \d+ models?"),
    "ready": re.compile(r"dbt-session: Spark \S+ ready in"),
    "start": re.compile(r"\d+ of \d+ START "),
}


def write_project(root: Path, models: int) -> Path:
    write_dbt_files(root, {"local": session_target(f"bench_startup_{models}")})
    (root / "models").mkdir()
    for index in range(models):
        (root / "models" / f"m_{index:03d}.sql").write_text(f"select {index} as id\n")
    return root


def timed_run(project: Path, home: Path) -> dict[str, Optional[float]]:
    """Seconds after launch at which each mark's first line appeared, and the run's end."""
    environment = {**os.environ, "DBT_SESSION_HOME": str(home)}
    launched = time.monotonic()
    seen: dict[str, Optional[float]] = dict.fromkeys(MARKS)
    process = subprocess.Popen([str(BINARY), "run", "--profiles-dir", "."], cwd=project, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               text=True)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        for mark, pattern in MARKS.items():
            if seen[mark] is None and pattern.search(line):
                seen[mark] = time.monotonic() - launched
    if process.wait() != 0:
        raise RuntimeError(f"dbt-session run failed in {project}:\n{''.join(lines)}")
    return {**seen, "end": time.monotonic() - launched}


def median(values: list[Optional[float]]) -> Optional[float]:
    present = [value for value in values if value is not None]
    return round(statistics.median(present), 2) if present else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="1,60")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=REPO / "build" / "bench" / "startup.json")
    args = parser.parse_args()
    if not BINARY.exists():
        raise SystemExit(f"{BINARY} is missing: run `make build` first")

    scratch = Path(tempfile.mkdtemp(prefix="dbt-session-startup-"))
    results = []
    try:
        for models in (int(size) for size in args.models.split(",")):
            project = write_project(scratch / f"project_{models}", models)
            runs = [timed_run(project, scratch / "home") for _ in range(args.repeat)]
            row = {"models": models, "runs": runs,
                   **{f"median_{key}": median([run[key] for run in runs]) for key in (*MARKS, "end")},
                   "median_start_after_ready": median(
                       [run["start"] - run["ready"] for run in runs
                        if run["start"] is not None and run["ready"] is not None])}
            results.append(row)
            print(f"{models} models: " + ", ".join(
                f"{key} " + " / ".join(f"{run[key]:.2f}" for run in runs if run[key] is not None)
                for key in (*MARKS, "end")) + f" s after launch; START - ready {row['median_start_after_ready']} s",
                flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
