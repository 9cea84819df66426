"""Where packaging/databricks/launcher.py finds the `dbt-session` binary on a driver: the
init script installs the base wheel into the cluster's Python environment, whose bin/ holds
the task's interpreter but need not be on PATH. (The launcher's attach and exit codes are
tested end to end in tests/e2e/test_databricks_launcher.py.)"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging" / "databricks"))
import launcher  # noqa: E402


@pytest.fixture
def cluster_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "python3" / "bin"
    bin_dir.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("DBT_SESSION_BINARY", raising=False)
    return bin_dir


def test_the_binary_next_to_the_tasks_python_is_found_off_path(cluster_python: Path):
    installed = cluster_python / "dbt-session"
    installed.write_text("#!/bin/sh\n")
    installed.chmod(0o755)
    assert launcher.binary() == str(installed)


def test_dbt_session_binary_wins(cluster_python: Path, monkeypatch: pytest.MonkeyPatch):
    (cluster_python / "dbt-session").write_text("")
    monkeypatch.setenv("DBT_SESSION_BINARY", "/opt/elsewhere/dbt-session")
    assert launcher.binary() == "/opt/elsewhere/dbt-session"


def test_not_installed_says_to_run_the_init_script(cluster_python: Path):
    with pytest.raises(FileNotFoundError, match="init-dbt-session.sh"):
        launcher.binary()
