"""The host's own command line: versions, help, option errors, and commands that must not
start a JVM."""

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import REPO, RunDbtSession


def test_version_lists_every_component_without_starting_spark(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    run = run_dbt_session(["--version"], cwd=tmp_path)
    assert run.returncode == 0, run.output
    # This pytest runs in the venv the binary embeds (the checkout's, or $DBT_SESSION_TEST_VENV).
    pyspark, delta = version("pyspark"), version("delta-spark")
    for component in ("dbt-session", "Python 3.11", f"pyspark {pyspark}", f"delta-spark {delta}",
                      "dbt-core 1.12", "dbt-databricks 1.12"):
        assert component in run.stdout
    line = "3.5 (Scala 2.12" if pyspark.startswith("3.5.") else "4.0 (Scala 2.13"
    assert f"Spark line: {line}, delta-spark {delta}, jars delta-{delta}_" in run.stdout
    assert not run.started_spark


def test_help_shows_the_host_options_and_usage(run_dbt_session: RunDbtSession, tmp_path: Path) -> None:
    run = run_dbt_session(["-h"], cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert "Usage: dbt-session [host options] <dbt command>" in run.stdout
    for option in ("--venv", "--log-level", "--master", "--remote", "--conf", "--warehouse"):
        assert option in run.stdout


def test_an_option_neither_the_host_nor_dbt_knows_exits_2_naming_it(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    run = run_dbt_session(["--thread", "4", "run"], cwd=tmp_path)
    assert run.returncode == 2
    assert "No such option '--thread'" in run.stderr
    assert "dbt-session --help" in run.stderr
    assert "Traceback" not in run.output and "DbtUsageException" not in run.output


def test_a_missing_folder_is_named_by_the_option_that_gave_it_or_by_where_dbt_looks(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    # dbtRunner keeps only click's "Path '…' does not exist.", without the option's name.
    home = tmp_path / "home without .dbt"
    home.mkdir()
    no_profiles = run_dbt_session(["run"], cwd=tmp_path, env={"HOME": str(home)})
    assert no_profiles.returncode == 2
    assert f"Path '{home / '.dbt'}' does not exist: no profiles.yml found" in no_profiles.stderr
    assert "--profiles-dir, else $DBT_PROFILES_DIR" in no_profiles.stderr
    wrong_project = run_dbt_session(["run", "--project-dir", str(tmp_path / "nope")], cwd=tmp_path)
    assert wrong_project.returncode == 2
    assert f"--project-dir: Path '{tmp_path / 'nope'}' does not exist." in wrong_project.stderr
    assert not no_profiles.started_spark and not wrong_project.started_spark


def test_dbts_global_flags_before_its_command_reach_dbt_and_quiet_the_host_too(
    run_dbt_session: RunDbtSession, jaffle_shop: Path
) -> None:
    run = run_dbt_session(["--warn-error", "--log-format", "json", "--quiet", "ls", "--profiles-dir", ".",
                           "--select", "customers", "--resource-type", "model", "--output", "name"],
                          cwd=jaffle_shop)
    assert run.returncode == 0, run.output
    # --log-format json reached dbt; --quiet left only what ls prints.
    assert [json.loads(line)["info"]["msg"] for line in run.stdout.splitlines()] == ["customers"]
    assert "dbt-session:" not in run.stderr, run.stderr  # the host's info lines follow it


@pytest.mark.parametrize("command", [["parse"], ["ls"], ["deps"], ["clean"]])
def test_commands_that_need_no_connection_start_no_jvm(
    run_dbt_session: RunDbtSession, jaffle_shop: Path, command: list[str]
) -> None:
    run = run_dbt_session([*command, "--profiles-dir", "."], cwd=jaffle_shop)
    assert run.returncode == 0, run.output
    assert not run.started_spark, run.stderr
    assert "create a SparkSession" not in run.output  # said when a session is created


def test_dbt_flags_after_the_command_reach_dbt_untouched(
    run_dbt_session: RunDbtSession, jaffle_shop: Path
) -> None:
    run = run_dbt_session(["ls", "--profiles-dir", ".", "--select", "stg_orders+", "--resource-type", "model"], cwd=jaffle_shop)
    assert run.returncode == 0, run.output
    listed = {line.strip() for line in run.stdout.splitlines() if line.startswith("jaffle_shop.")}
    assert listed == {
        "jaffle_shop.staging.stg_orders",
        "jaffle_shop.marts.orders",
        "jaffle_shop.marts.customers",
        "jaffle_shop.marts.daily_revenue",
        "jaffle_shop.marts.customer_segments",
        "jaffle_shop.marts.segment_summary",
    }


def test_an_argument_that_is_not_utf8_reaches_dbt_as_python_decodes_a_command_line(
    run_dbt_session: RunDbtSession, jaffle_shop: Path, tmp_path: Path
) -> None:
    # A folder whose name is not UTF-8: os.fsdecode keeps the byte (surrogateescape), as for
    # `dbt` itself; the host's arguments used to fail with a UnicodeDecodeError before dbt.
    folder = tmp_path / os.fsdecode(b"profiles-\xff")
    folder.mkdir()
    (folder / "profiles.yml").write_bytes((jaffle_shop / "profiles.yml").read_bytes())
    # dbt_common raises instead of warning about the undecodable byte in its own event when
    # $PYTEST_CURRENT_TEST is set (its tests' mode), which the test run would pass on.
    run = run_dbt_session(["ls", "--profiles-dir", str(folder), "--select", "orders"], cwd=jaffle_shop,
                          env={"PYTEST_CURRENT_TEST": ""})
    assert run.returncode == 0, run.output
    assert "jaffle_shop.marts.orders" in run.stdout
    assert "UnicodeDecodeError" not in run.output


def test_debug_reports_spark_version_master_and_capabilities(
    run_dbt_session: RunDbtSession, jaffle_shop: Path
) -> None:
    run = run_dbt_session(["--master", "local[1]", "debug", "--profiles-dir", "."], cwd=jaffle_shop)
    assert run.returncode == 0, run.output
    assert "method: session" in run.stdout
    pyspark, delta = version("pyspark"), version("delta-spark")  # of the venv the binary embeds
    assert f"spark: {pyspark} (master local[1])" in run.stdout
    assert f"Spark line: {pyspark[:3]} (Scala 2.1" in run.stdout and f"delta-spark {delta}" in run.stdout
    assert "session: create a SparkSession with master local[1] (--master was given)" in run.stdout
    assert "compute: OSS Spark capability set (insert_by_name, timestampdiff)" in run.stdout
    assert "Connection test: [OK connection ok]" in run.stdout.replace("\x1b[32m", "").replace("\x1b[0m", "")


def test_a_venv_of_another_python_minor_is_refused(run_dbt_session: RunDbtSession, tmp_path: Path) -> None:
    venv = tmp_path / "py310"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.10.14\n")
    run = run_dbt_session(["--venv", str(venv), "debug"], cwd=tmp_path)
    assert run.returncode == 2
    assert "uses Python 3.10.14" in run.stderr
    assert "built for Python 3.11" in run.stderr


def test_a_directory_that_is_no_venv_is_refused(run_dbt_session: RunDbtSession, tmp_path: Path) -> None:
    run = run_dbt_session(["--venv", str(tmp_path), "debug"], cwd=tmp_path)
    assert run.returncode == 2
    assert "is not a virtualenv (no pyvenv.cfg)" in run.stderr


@pytest.mark.skipif(bool(os.environ.get("DBT_SESSION_TEST_VENV")), reason="the binary runs in $DBT_SESSION_TEST_VENV")
def test_the_checkout_venv_is_found_without_flags(run_dbt_session: RunDbtSession, tmp_path: Path) -> None:
    run = run_dbt_session(["--log-level", "debug", "--version"], cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert str(REPO / ".venv") in run.stdout


def test_the_run_is_embedded_through_a_shared_libpython_by_default(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    run = run_dbt_session(["--log-level", "debug", "--version"], cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert "embedded from" in run.stderr and "libpython3.11.so.1.0" in run.stderr


def test_the_same_run_continues_inside_the_venvs_python_when_not_embedded(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    run = run_dbt_session(["--log-level", "debug", "--version"], cwd=tmp_path,
                          env={"DBT_SESSION_HOSTING": "exec"})
    assert run.returncode == 0, run.output
    assert f"the run continues in {REPO / '.venv' / 'bin' / 'python'}" in run.stderr
    assert str(REPO / ".venv") in run.stdout and "dbt-databricks 1.12" in run.stdout


def test_an_unknown_hosting_choice_is_refused_before_python_starts(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    run = run_dbt_session(["--version"], cwd=tmp_path, env={"DBT_SESSION_HOSTING": "maybe"})
    assert run.returncode == 2
    assert "DBT_SESSION_HOSTING='maybe' is not one of: embedded, exec" in run.stderr


def test_a_venv_without_dbt_databricks_is_refused_naming_the_wheel_to_install(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    venv = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    run = run_dbt_session(["--venv", str(venv), "debug"], cwd=tmp_path)
    assert run.returncode == 2
    assert f"dbt-databricks is not installed in the Python environment {venv}" in run.stderr
    assert "-m pip install dbt_session-<version>-cp311-cp311-manylinux" in run.stderr
    assert "Traceback" not in run.stderr and "ModuleNotFoundError" not in run.stderr


def test_a_missing_java_is_refused_before_spark_starts(run_dbt_session: RunDbtSession, jaffle_shop: Path) -> None:
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=jaffle_shop, env={"JAVA_HOME": "/nonexistent/jdk"})
    assert run.returncode == 2
    assert "JAVA_HOME is /nonexistent/jdk, which has no bin/java" in run.stderr
    assert "openjdk-17-jre-headless" in run.stderr and "Traceback" not in run.stderr
