"""A large seed through the built binary: wall time and peak memory of `dbt-session seed`.

Generates a CSV deterministically (default 1,000,000 rows x 10 columns, about 62 MB: integers,
decimals, text with NULLs, quotes, commas and backslashes, dates, timestamps, booleans), runs
`build/dbt-session seed --full-refresh` on a created local session (its own JVM and storage
root), and samples the processes while it runs:
- host peak RSS: the dbt-session process's VmHWM (/proc/<pid>/status), the process that
  embeds Python, dbt and its agate table; the JVM is a child process and is reported apart;
- the seed node's time (run_results.json) and the whole command's wall time;
- whether Spark's driver log has TaskSetManager's "task of very large size" warning;
- dbt's own CSV parse and type inference (agate_helper.from_csv, what the seed materialization's
  load_agate_table does) alone, in a separate process: its time and peak RSS, which every
  seed pays before a row reaches Spark.
Then `dbt-session test` runs a singular test that compares the loaded table with aggregates
the generator computed (counts, sums, NULLs, the special strings): the values are exact.

    .venv/bin/python bench/seed_scale.py                    # 1,000,000 rows
    .venv/bin/python bench/seed_scale.py --rows 2000        # smoke
    .venv/bin/python bench/seed_scale.py --binary ../main/build/dbt-session   # another build
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import session_target, write_dbt_files  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BINARY = REPO / "build" / "dbt-session"
CITIES = ["Berlin", "Zürich", "Lyon", "Porto"]
SPECIAL = ['say "hi", twice', "back\\slash \\' \\\\", "O'Brien"]


def note(i: int) -> str:
    if i % 97 == 0:
        return ""  # NULL
    if i % 101 == 0:
        return SPECIAL[i % len(SPECIAL)]
    return f"n{i % 1000}"


def write_project(root: Path, rows: int) -> dict[str, Any]:
    """The project and its seed; returns the aggregates the singular test checks."""
    (root / "seeds").mkdir(parents=True)
    (root / "tests").mkdir()
    write_dbt_files(root, {"local": session_target("bench_seed_scale")})
    day0, time0 = date(2020, 1, 1), datetime(2020, 1, 1)
    expected = {"rows": rows, "sum_id": 0, "sum_cents": 0, "null_notes": 0, "special_notes": 0,
                "note_chars": 0, "paid": 0}
    with (root / "seeds" / "wide.csv").open("w", newline="") as out:
        out.write("id,customer,amount,quantity,ratio,city,ordered_on,shipped_at,is_paid,note\n")
        for i in range(rows):
            cents = (i * 37) % 100000
            text = note(i)
            quoted = '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"') else text
            out.write(f"{i},c{i % 9973},{cents / 100:.2f},{i % 17},{(i % 1000) / 8:.3f},{CITIES[i % 4]},"
                      f"{(day0 + timedelta(days=i % 3650)).isoformat()},"
                      f"{(time0 + timedelta(seconds=i * 61)).strftime('%Y-%m-%d %H:%M:%S')},"
                      f"{'true' if i % 3 else 'false'},{quoted}\n")
            expected["sum_id"] += i
            expected["sum_cents"] += cents
            expected["null_notes"] += text == ""
            expected["special_notes"] += text in SPECIAL
            expected["note_chars"] += len(text)
            expected["paid"] += i % 3 != 0
    special = " or ".join(f"note = '{s.replace(chr(92), chr(92) * 2).replace(chr(39), chr(92) + chr(39))}'"
                          for s in SPECIAL)
    (root / "tests" / "seed_is_exact.sql").write_text(
        "select * from (select count(*) as n, sum(id) as sum_id,\n"
        "  sum(cast(round(amount * 100) as bigint)) as sum_cents,\n"
        "  sum(case when note is null then 1 else 0 end) as null_notes,\n"
        f"  sum(case when {special} then 1 else 0 end) as special_notes,\n"
        "  sum(coalesce(length(note), 0)) as note_chars, sum(case when is_paid then 1 else 0 end) as paid\n"
        "  from {{ ref('wide') }}) t\n"
        f"where not (n = {expected['rows']} and sum_id = {expected['sum_id']} "
        f"and sum_cents = {expected['sum_cents']} and null_notes = {expected['null_notes']} "
        f"and special_notes = {expected['special_notes']} and note_chars = {expected['note_chars']} "
        f"and paid = {expected['paid']})\n"
    )
    return expected


def descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(children)
            queue.extend(children)
    return found


def status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_sampled(command: list[str], cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    """Runs `command`, sampling the host's VmHWM and its descendants' RSS every 0.2 s."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peaks = {"host_kib": 0, "children_kib": 0}

    def sample() -> None:
        while process.poll() is None:
            peaks["host_kib"] = max(peaks["host_kib"], status_kib(process.pid, "VmHWM"))
            children = sum(status_kib(child, "VmRSS") for child in descendants(process.pid))
            peaks["children_kib"] = max(peaks["children_kib"], children)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{output}")
    return {"wall_s": time.perf_counter() - started, "host_peak_rss_mb": peaks["host_kib"] / 1024,
            "jvm_peak_rss_mb": peaks["children_kib"] / 1024}


AGATE_ONLY = """
import resource, sys, time
from dbt_common.clients import agate_helper
started = time.perf_counter()
agate_helper.from_csv(sys.argv[1], text_columns=[])
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def agate_alone(csv: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", AGATE_ONLY, str(csv)], capture_output=True, text=True, check=True)
    seconds, peak = (float(v) for v in done.stdout.split())
    return {"agate_parse_s": seconds, "agate_peak_rss_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-agate", action="store_true", help="do not measure dbt's CSV parse alone")
    parser.add_argument("--binary", type=Path, default=BINARY, help="the dbt-session to measure (another checkout's)")
    args = parser.parse_args()
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-seed-scale-") as scratch:
        project, home = Path(scratch) / "project", Path(scratch) / "home"
        expected = write_project(project, args.rows)
        csv = project / "seeds" / "wide.csv"
        report: dict[str, Any] = {"rows": args.rows, "columns": 10, "csv_mb": round(csv.stat().st_size / 2**20, 1),
                                  "machine": f"{platform.platform()}, {os.cpu_count()} cores",
                                  "load_average_at_start": " ".join(Path("/proc/loadavg").read_text().split()[:3])}
        env = {**os.environ, "DBT_SESSION_HOME": str(home), "TZ": "UTC"}
        seed = run_sampled([str(args.binary), "--log-level", "warn", "seed", "--full-refresh", "--profiles-dir", "."],
                           project, env)
        [result] = json.loads((project / "target" / "run_results.json").read_text())["results"]
        driver_log = project / "logs" / "spark-driver.log"  # dbt's log path (host/spark_launcher.cpp)
        report.update({f"seed_{k}": round(v, 1) for k, v in seed.items()})
        report["seed_node_s"] = round(result["execution_time"], 1)
        report["very_large_task_warnings"] = (driver_log.read_text().count("very large size")
                                              if driver_log.exists() else None)
        subprocess.run([str(args.binary), "--log-level", "warn", "test", "--profiles-dir", "."],
                       cwd=project, env=env, check=True, capture_output=True)
        report["values_exact"] = expected  # the singular test passed: these aggregates match
        if not args.skip_agate:
            report.update({k: round(v, 1) for k, v in agate_alone(csv).items()})
    print(json.dumps(report))


if __name__ == "__main__":
    main()
