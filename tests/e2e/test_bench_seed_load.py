"""The seed benchmark (bench/seed_load.py) keeps working: a seconds-sized run of both paths."""

import json
import subprocess
import sys

from conftest import REPO, RUN_TIMEOUT_SECONDS


def test_the_seed_benchmark_loads_both_paths_and_reports_a_ratio() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "seed_load.py"), "--rows", "200", "--repeat", "1"],
        capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["rows"] == 200
    assert report["seed_node_ratio_spark_over_session"] > 0
    assert report["session_seed_node_median_s"] > 0
