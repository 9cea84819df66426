"""dbt-session's wheel on three Databricks-runtime-shaped images (15.4, 16.4, 17.3 LTS: see
packaging/images/shapes.py): it installs without touching the runtime's own packages, and
its command runs tests/projects/every_node_kind both attached to a driver's session (through
packaging/databricks/launcher.py) and in a session of its own."""

from __future__ import annotations

import json

from conftest import NOTES, VENV, Image
from shapes import RUNTIME_OWNED

# Seeds 2, models 5, data tests 3.
NODES = 10


def test_installing_the_wheel_changes_none_of_the_runtimes_own_packages(image: Image) -> None:
    changed = {name: (image.before.get(name), image.after.get(name))
               for name in RUNTIME_OWNED if image.before.get(name) != image.after.get(name)}
    assert all(image.before.get(name) for name in RUNTIME_OWNED), image.before
    assert not changed, f"pip changed the runtime's packages (before, after): {changed}"
    others = {name: (version, image.after.get(name)) for name, version in image.before.items()
              if image.after.get(name) != version}
    NOTES.append(f"dbr-{image.shape.name}: the wheel's install also changed {others or 'nothing else'}")


def test_the_installed_command_reports_the_runtimes_spark(image: Image) -> None:
    done = image.run(["dbt-session", "--version"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"pyspark {image.shape.spark}" in done.stdout, done.stdout
    assert f"delta-spark {image.shape.delta}" in done.stdout, done.stdout
    assert f"({VENV})" in done.stdout, done.stdout


def jar_folder(image: Image) -> str:
    done = image.run([f"{VENV}/bin/python", "-m", "dbt_session.delta_jars", "--folder"], check=True)
    return done.stdout.split("\t")[0].strip()


def test_a_driver_process_runs_the_launcher_which_builds_the_project_in_the_drivers_session(
    image: Image, project: str
) -> None:
    done = image.run([f"{VENV}/bin/python", "/src/tests/parent_driver.py", "--launcher", "/src/launcher",
                      "--jars", jar_folder(image), "--storage", "/work/driver", "--project", project,
                      "--schema", "attached"], timeout=1500)
    lines = [line for line in done.stdout.splitlines() if line.startswith("FINDINGS ")]
    assert done.returncode == 0 and lines, f"{done.returncode}:\n{done.stdout[-8000:]}\n{done.stderr[-4000:]}"
    findings = json.loads(lines[-1].removeprefix("FINDINGS "))
    output = done.stdout[-8000:]
    assert findings["build"]["returncode"] == 0, output
    assert findings["merge"]["returncode"] == 0, output
    assert "attach to the running Spark driver JVM through py4j" in done.stdout, output
    assert not findings["child_storage_created"], "the child created a session instead of attaching"
    tables = findings["tables"]
    assert {name: tables[name] for name in ("people", "payments", "stg_people", "payments_merged")} == {
        "people": 4, "payments": 5, "stg_people": 4, "payments_merged": 5}, tables
    assert (tables["city_sizes"], tables["person_totals"], tables["daily_amounts"]) == (3, 4, 3), tables
    assert (tables["paris"], tables["person_2"], tables["jan_2_amount"], tables["merged_total"]) == (
        [2], ["O'Brien", 30.0], [37.5], [75.0]), tables
    assert findings["parent_alive"]
    print(f"dbr-{image.shape.name}: attached build {findings['build']['seconds']} s, "
          f"merge run {findings['merge']['seconds']} s")


def test_a_session_created_by_the_command_builds_the_project(image: Image, project: str) -> None:
    done = image.run(["dbt-session", "build", "--profiles-dir", "."], cwd=project,
                     env={"DBT_SESSION_HOME": "/work/created", "IMAGES_SCHEMA": "created"}, timeout=1500)
    output = done.stdout[-8000:] + done.stderr[-4000:]
    assert done.returncode == 0, output
    assert "starting Spark" in done.stderr, output
    assert f"PASS={NODES}" in done.stdout and "ERROR=0" in done.stdout, output
