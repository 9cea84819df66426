"""Bad input gets a clear error, the documented exit code, and loses no data."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TEST_VENV, Run, RunDbtSession, jvms_using
from projects import session_target, write_project

SPECIAL_VALUES_CSV = (
    "id,value\n"
    "1,O'Brien\n"
    "2,back\\slash\n"
    "3,percent %s marker\n"
    "4,question ? mark\n"
    "5,-- not a comment\n"
    '6,"two\nlines"\n'
    "7,ünïcödé ✓ 数据\n"
    "8,\n"
    '9,"quote "" inside"\n'
)
EXPECTED_VALUES = {
    1: "O'Brien",
    2: "back\\slash",
    3: "percent %s marker",
    4: "question ? mark",
    5: "-- not a comment",
    6: "two\nlines",
    7: "ünïcödé ✓ 数据",
    8: None,
    9: 'quote " inside',
}


def test_a_profile_without_schema_exits_2_saying_schema_is_required(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "p", "bad_input", {"type": "databricks", "method": "session"})
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert "`schema` is required for a `method: session` target" in run.output
    assert not run.started_spark
    assert "Traceback" not in run.output


def test_zero_threads_exit_2_naming_the_setting(run_dbt_session: RunDbtSession, tmp_path: Path) -> None:
    # dbt accepts the integer and used to fail in its thread pool, with a traceback.
    project = write_project(tmp_path / "p", "bad_input", {**session_target("s"), "threads": 0})
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert "threads is 0 (`threads` of the target in profiles.yml, or --threads)" in run.output
    assert not run.started_spark
    assert "Traceback" not in run.output


@pytest.mark.parametrize(("profiles", "named"), [
    ("bad_input:\n  target: t\n  outputs:\n    - t\n",
     "`outputs` of profile 'bad_input' must map target names"),
    # dbt-core fails before its flags load: its postflight then also reported a failed upload
    # of artifacts nobody asked for ('Namespace' object has no attribute ...).
    ("- bad_input\n", "the file must map profile names to profiles (it is a list)"),
], ids=["outputs-a-list", "file-a-list"])
def test_a_profile_of_the_wrong_shape_exits_2_naming_the_key_without_dbts_traceback(
    run_dbt_session: RunDbtSession, tmp_path: Path, profiles: str, named: str
) -> None:
    # dbt-core indexes these as mappings: a list made it crash with a TypeError.
    project = write_project(tmp_path / "p", "bad_input", session_target("s"))
    (project / "profiles.yml").write_text(profiles)
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert f"profiles.yml (./profiles.yml): {named}" in run.output
    assert not run.started_spark
    assert "Traceback" not in run.output and "TypeError" not in run.output
    assert "Error uploading artifacts" not in run.output, run.output


def test_an_unknown_method_exits_2_naming_it_and_the_choices(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "p", "bad_input", {**session_target("s"), "method": "sesion"})
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert "unknown method 'sesion'" in run.output
    assert "method: session" in run.output
    assert "Traceback" not in run.output


def test_a_target_without_method_or_host_exits_2_saying_how_to_pick_session_mode(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "p", "bad_input", {"type": "databricks", "schema": "s"})
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project, env={"DBT_DATABRICKS_SESSION_MODE": ""})
    assert run.returncode == 2, run.output
    assert "neither `method` nor `host`" in run.output and "add `method: session`" in run.output
    assert "AttributeError" not in run.output and "Traceback" not in run.output
    assert not run.started_spark


@pytest.mark.parametrize("key", ["catalog", "database"])
def test_a_unity_catalog_name_on_local_spark_is_refused_before_spark_starts(
    run_dbt_session: RunDbtSession, tmp_path: Path, key: str
) -> None:
    project = write_project(tmp_path / "p", "bad_input", session_target("s", **{key: "main"}))
    (project / "models" / "m.sql").write_text("select 1 as id")
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert 'Credentials in profile "bad_input", target "t" invalid' in run.output
    assert "profiles.yml: `catalog` (or its alias `database`) is 'main', a Unity Catalog name" in run.output
    assert "set it to hive_metastore" in run.output
    assert not run.started_spark, run.stderr
    assert "Traceback" not in run.output


def venv_without_pyspark(root: Path) -> Path:
    """A real venv of the same Python with every package of the test venv except pyspark
    (linked, not copied: fast and faithful)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    source = TEST_VENV / "lib" / "python3.11" / "site-packages"
    target = next((root / "lib").glob("python3.*")) / "site-packages"
    for entry in source.iterdir():
        if entry.name.startswith("pyspark"):
            continue
        destination = target / entry.name
        if not destination.exists():
            destination.symlink_to(entry)
    return root


def test_session_mode_without_pyspark_exits_2_saying_what_to_install(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    venv = venv_without_pyspark(tmp_path / "venv")
    project = write_project(tmp_path / "p", "bad_input", session_target("s"))
    run = run_dbt_session(["--venv", str(venv), "run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert "`method: session` needs pyspark, which is not installed" in run.output
    assert "Traceback" not in run.output


def values_as_written_test() -> str:
    """A singular data test (it fails when it returns rows): the seed's values, compared by a
    digest of `id=value` lines, so no value is written into the test's SQL."""
    lines = sorted(f"{id}={value}" for id, value in EXPECTED_VALUES.items() if value is not None)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    [null_id] = [id for id, value in EXPECTED_VALUES.items() if value is None]
    return (
        "select * from (select count(*) as n,\n"
        "  sha2(concat_ws('\\n', sort_array(collect_list(concat(cast(id as string), '=', value)))), 256) as digest,\n"
        "  max(case when value is null then id end) as null_id, count(value) as non_null\n"
        "  from {{ ref('special_values') }}\n"
        f") where not (n = {len(EXPECTED_VALUES)} and digest = '{digest}' and null_id = {null_id}"
        f" and non_null = {len(lines)})\n"
    )


@pytest.fixture(scope="module")
def built_once(run_dbt_session: RunDbtSession, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """One JVM for the two data-safety tests below: a seed of values with SQL metacharacters and
    its data test, and a good table model, built once."""
    project = write_project(tmp_path_factory.mktemp("p"), "bad_input", session_target("e2e_data_safety"), {
        "seeds/special_values.csv": SPECIAL_VALUES_CSV,
        "tests/values_as_written.sql": values_as_written_test(),
        "models/good.sql": "{{ config(materialized='table') }}\nselect 1 as id union all select 2",
    })
    return project, run_dbt_session(["build", "--profiles-dir", "."], cwd=project)


def test_seed_values_with_sql_metacharacters_load_exactly_and_empty_is_null(built_once: tuple[Path, Run]) -> None:
    _, run = built_once
    assert run.returncode == 0, run.output
    assert "PASS values_as_written" in run.stdout


def test_a_seed_that_is_not_utf8_exits_2_naming_the_file_and_byte_offset_before_spark(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "p", "bad_input", session_target("e2e_latin1"))
    (project / "seeds").mkdir()
    (project / "seeds" / "people.csv").write_bytes("id,name\n1,Ren\u00e9\n".encode("latin-1"))
    run = run_dbt_session(["seed", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert f"seed file {project / 'seeds' / 'people.csv'} is not UTF-8: byte 0xe9 at byte offset 13 (line 2)" in run.output
    assert "Traceback" not in run.output and not run.started_spark


def test_a_project_whose_packages_are_not_installed_ends_with_dbts_error_and_no_word_of_spark(
    run_dbt_session: RunDbtSession, storage_home: Path, tmp_path: Path
) -> None:
    # `run` always queries, so the session's start begins beside dbt's project load; dbt's
    # package check fails first, and the start it overtook must neither run nor be announced
    # after dbt's error.
    project = write_project(tmp_path / "p", "bad_input", session_target("e2e_no_deps"), {
        "packages.yml": "packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n",
        "models/keyed.sql": "select {{ dbt_utils.generate_surrogate_key(['a']) }} as k",
    })
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert 'Run "dbt deps" to install package dependencies' in run.output
    assert not run.started_spark and "session: create" not in run.output, run.output
    assert "Traceback" not in run.output
    assert jvms_using(storage_home) == []


def test_models_with_a_syntax_error_or_a_missing_table_fail_alone_and_leave_other_tables_intact(
    run_dbt_session: RunDbtSession, built_once: tuple[Path, Run]
) -> None:
    project, first = built_once
    models = project / "models"
    assert first.returncode == 0, first.output

    # Now `good` changes and two broken models appear; they fail, the rest runs, and the
    # data test reads `good`'s new rows in the same build.
    (models / "good.sql").write_text("{{ config(materialized='table') }}\nselect 1 as id union all select 2 union all select 3")
    (models / "broken.sql").write_text("{{ config(materialized='table') }}\nselec 1 as id frm nowhere")
    (models / "missing.sql").write_text("{{ config(materialized='table') }}\nselect id from nowhere.no_table")
    (project / "tests" / "good_has_three_rows.sql").write_text(
        "select * from (select count(*) as n from {{ ref('good') }}) where n != 3\n")
    second = run_dbt_session(["build", "--profiles-dir", "."], cwd=project)
    assert second.returncode == 1, second.output
    assert "broken" in second.stdout
    assert "PARSE_SYNTAX_ERROR" in second.stdout
    assert "TABLE_OR_VIEW_NOT_FOUND" in second.stdout
    assert "Traceback" not in second.output
    # dbt reports the error once; pyspark 4 also logs each failed statement as a JSON record
    # with the Java stack (SQLQueryContextLogger), which must not reach the console.
    assert "QueryContextLogger" not in second.output and "\tat org.apache" not in second.output
    # The seed and its data test, `good` and its new data test pass.
    assert "ERROR=2" in second.stdout and "PASS=4" in second.stdout
    assert "PASS good_has_three_rows" in second.stdout


def test_a_pyspark_older_than_3_5_exits_2_naming_it_and_what_is_supported(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    venv = venv_without_pyspark(tmp_path / "venv")
    # Package metadata of an old pyspark (the host reads the version there, before any import).
    site = next((venv / "lib").glob("python3.*")) / "site-packages"
    (site / "pyspark-3.4.1.dist-info").mkdir()
    (site / "pyspark-3.4.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: pyspark\nVersion: 3.4.1\n")
    project = write_project(tmp_path / "p", "bad_input", session_target("s"))

    run = run_dbt_session(["--venv", str(venv), "run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2, run.output
    assert f"the virtualenv's pyspark ({venv}) is Spark 3.4.1, and dbt-session needs Spark 3.5 or newer" in run.stderr
    assert "Spark 3.5 (pyspark 3.5.x with delta-spark 3.x" in run.stderr
    assert "Traceback" not in run.output and not run.started_spark

    version = run_dbt_session(["--venv", str(venv), "--version"], cwd=project)
    assert version.returncode == 0, version.output
    assert "pyspark 3.4.1" in version.stdout and "Spark line: none" in version.stdout
