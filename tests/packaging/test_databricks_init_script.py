"""packaging/databricks/init-dbt-session.sh, run with a stand-in for the cluster's Python (a
script that answers the version question and records the pip calls): it picks the wheel of
the cluster's Python minor from a folder of wheels, installs it without extras, holds the
runtime's Spark and data libraries with pip constraints, and refuses a wheel for another
Python with a message that says which one to use. (No Databricks cluster here: the real
/databricks/python3 is not exercised, see docs/databricks.md.)"""

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "databricks" / "init-dbt-session.sh"

# The stand-in for /databricks/python3/bin/python: `-c` prints the minor tag the test sets,
# `-m pip freeze` prints a runtime-like freeze, `-m pip install` records its arguments and
# the constraints file's content.
FAKE_PYTHON = """#!/bin/bash
if [[ "$1" == "-c" ]]; then echo "$FAKE_MINOR"; exit 0; fi
if [[ "$1 $2 $3" == "-m pip freeze" ]]; then
  printf 'pandas==1.5.3\\npyarrow==15.0.2\\nnumpy==1.26.4\\ngrpcio==1.60.0\\nprotobuf==4.24.1\\nrequests==2.32.2\\n'
  exit 0
fi
if [[ "$1 $2 $3" == "-m pip install" ]]; then
  shift 3
  printf '%s\\n' "$@" > "$FAKE_LOG/install-args"
  while (( $# )); do
    if [[ "$1" == "--constraint" ]]; then cp "$2" "$FAKE_LOG/constraints"; fi
    shift
  done
  exit 0
fi
echo "unexpected: $*" >&2; exit 3
"""


@pytest.fixture
def cluster(tmp_path: Path) -> dict:
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for name in ("dbt_session-0.1.0-cp311-cp311-manylinux_2_35_x86_64.whl",
                 "dbt_session-0.1.0-cp312-cp312-manylinux_2_35_x86_64.whl",
                 "dbt_session-0.2.0-cp312-cp312-manylinux_2_35_x86_64.whl",
                 "unrelated-1.0-py3-none-any.whl"):
        (wheels / name).write_bytes(b"")
    log = tmp_path / "log"
    log.mkdir()
    return {"python": python, "wheels": wheels, "log": log}


def run_script(cluster: dict, minor: str, wheel: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": "/usr/bin:/bin", "FAKE_MINOR": minor, "FAKE_LOG": str(cluster["log"]),
                   "DBT_SESSION_PYTHON": str(cluster["python"]), "DBT_SESSION_WHEEL": str(wheel), **env}
    return subprocess.run(["bash", str(SCRIPT)], env=environment, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)


def installed(cluster: dict) -> list[str]:
    return (cluster["log"] / "install-args").read_text().splitlines()


def test_picks_the_highest_wheel_of_the_clusters_python_and_installs_it_without_extras(cluster):
    done = run_script(cluster, "312", cluster["wheels"])
    assert done.returncode == 0, done.stderr
    arguments = installed(cluster)
    wheel = str(cluster["wheels"] / "dbt_session-0.2.0-cp312-cp312-manylinux_2_35_x86_64.whl")
    assert arguments[-1] == wheel  # the path itself: no `[local]` or other extra
    assert "for Python 3.12" in done.stderr


def test_a_python_311_cluster_gets_the_cp311_wheel(cluster):
    done = run_script(cluster, "311", cluster["wheels"])
    assert done.returncode == 0, done.stderr
    assert installed(cluster)[-1].endswith("dbt_session-0.1.0-cp311-cp311-manylinux_2_35_x86_64.whl")


def test_holds_the_runtimes_data_libraries_with_constraints(cluster):
    done = run_script(cluster, "312", cluster["wheels"])
    assert done.returncode == 0, done.stderr
    held = set((cluster["log"] / "constraints").read_text().split())
    assert held == {"pandas==1.5.3", "pyarrow==15.0.2", "numpy==1.26.4", "grpcio==1.60.0"}


def test_a_chosen_version_wins_over_the_highest(cluster):
    done = run_script(cluster, "312", cluster["wheels"], DBT_SESSION_VERSION="0.1.0")
    assert done.returncode == 0, done.stderr
    assert installed(cluster)[-1].endswith("dbt_session-0.1.0-cp312-cp312-manylinux_2_35_x86_64.whl")


def test_no_wheel_for_the_clusters_python_is_an_error_that_lists_the_folder(cluster):
    done = run_script(cluster, "313", cluster["wheels"])
    assert done.returncode == 1
    assert "no wheel for this cluster's Python (cp313)" in done.stderr
    assert "dbt_session-0.2.0-cp312-cp312-manylinux_2_35_x86_64.whl" in done.stderr
    assert not (cluster["log"] / "install-args").exists()


def test_one_wheel_file_for_another_python_is_refused(cluster):
    wrong = cluster["wheels"] / "dbt_session-0.1.0-cp311-cp311-manylinux_2_35_x86_64.whl"
    done = run_script(cluster, "312", wrong)
    assert done.returncode == 1
    assert "is not a wheel for this cluster's Python (cp312" in done.stderr
    assert not (cluster["log"] / "install-args").exists()


def test_one_matching_wheel_file_is_installed(cluster):
    right = cluster["wheels"] / "dbt_session-0.1.0-cp312-cp312-manylinux_2_35_x86_64.whl"
    done = run_script(cluster, "312", right)
    assert done.returncode == 0, done.stderr
    assert installed(cluster)[-1] == str(right)


def test_a_missing_location_is_an_error(cluster):
    done = run_script(cluster, "312", cluster["wheels"] / "nope")
    assert done.returncode == 1
    assert "does not exist (DBT_SESSION_WHEEL)" in done.stderr


def test_workers_install_nothing(cluster):
    done = run_script(cluster, "312", cluster["wheels"], DB_IS_DRIVER="FALSE")
    assert done.returncode == 0, done.stderr
    assert not (cluster["log"] / "install-args").exists()


def test_a_python_tag_that_disagrees_with_the_cluster_stops_the_install(cluster):
    done = run_script(cluster, "312", cluster["wheels"], DBT_SESSION_PYTHON_TAG="cp311")
    assert done.returncode == 1
    assert "needs the cp312 wheel, but DBT_SESSION_PYTHON_TAG says cp311" in done.stderr
    assert not (cluster["log"] / "install-args").exists()


def test_a_python_tag_that_agrees_changes_nothing(cluster):
    done = run_script(cluster, "311", cluster["wheels"], DBT_SESSION_PYTHON_TAG="cp311")
    assert done.returncode == 0, done.stderr
    assert installed(cluster)[-1].endswith("dbt_session-0.1.0-cp311-cp311-manylinux_2_35_x86_64.whl")
