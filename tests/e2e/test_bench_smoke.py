"""bench/run.py --smoke: the benchmark harness, on a 3-model project, end to end (CI runs only
this; `make bench` runs the real sizes)."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SMOKE_MODELS = 3


def test_bench_smoke_measures_every_contender_on_both_passes_and_counts_their_statements(
    tmp_path: Path,
) -> None:
    results_file = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--smoke", "--results", str(results_file)],
        capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]

    [size] = json.loads(results_file.read_text())["sizes"]
    assert size["models"] == SMOKE_MODELS
    for name in ("create", "merge"):
        row = size[name]
        assert all(row[who]["seconds"] > 0 for who in ("session", "spark", "replay"))
        # The replay issues exactly the statements dbt-session wrote to target/run/ (one per
        # model at least); each dbt adapter issues those plus its own metadata queries.
        assert row["replay"]["sql_calls"] >= SMOKE_MODELS
        assert row["replay"]["sql_executions"] >= row["replay"]["sql_calls"]
        assert row["session"]["sql_calls"] >= SMOKE_MODELS
        assert row["spark"]["sql_calls"] >= SMOKE_MODELS
    # The merge pass replays merges, not the first pass's CREATEs only.
    assert "merge into" in size["merge"]["replayed_statement_kinds"]
    assert "merge into" in size["merge"]["session"]["statement_kinds"]
    assert "merge into" in size["merge"]["spark"]["statement_kinds"]
