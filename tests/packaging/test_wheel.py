"""`pip install` of dbt-session, as a Python user does it: build the wheel (scikit-build-core),
install it with its pinned dependencies into a new virtualenv, and run the example project
through the installed `dbt-session` command, found on PATH, with no flag naming the venv.

Slow (a C++ build, then pyspark & co. into a fresh venv): the CMake build directory is kept
outside the checkout (~/.cache/dbt-session/wheel-build/<checkout>, or
$DBT_SESSION_WHEEL_BUILD_DIR), so a later run only recompiles what changed, and pip takes every dependency from its cache.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "jaffle_shop"
BASE_PYTHON = shutil.which("python3.11") or sys.executable
PRODUCT_PINS = ("dbt-core", "dbt-core-experimental-parser", "dbt-databricks", "pyspark", "delta-spark",
                "pandas", "pyarrow", "grpcio", "grpcio-status", "googleapis-common-protos")


def run(command: list[str], timeout: int = 1800, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done  # type: ignore[no-any-return]


def requirement_pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, pinned = line.split("==", 1)
            pins[name.strip().lower()] = pinned.strip()
    return pins


def test_the_wheel_pins_exactly_the_product_requirements_of_the_checkout() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    wheel_pins = requirement_pins(project["project"]["dependencies"])
    checkout_pins = requirement_pins((REPO / "packaging" / "requirements.in").read_text().splitlines())
    assert sorted(wheel_pins) == sorted(PRODUCT_PINS)
    assert wheel_pins == {name: checkout_pins[name] for name in PRODUCT_PINS}
    [backend] = project["build-system"]["requires"]
    assert backend.startswith("scikit-build-core=="), "the build backend is pinned exactly"


def build_cache_dir() -> Path:
    if os.environ.get("DBT_SESSION_WHEEL_BUILD_DIR"):
        return Path(os.environ["DBT_SESSION_WHEEL_BUILD_DIR"])
    # CMake ties a build directory to one source directory: one cache per checkout.
    checkout = hashlib.sha1(str(REPO).encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "dbt-session" / "wheel-build" / checkout


@pytest.fixture(scope="module")
def installed_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    run([BASE_PYTHON, "-m", "pip", "wheel", str(REPO), "--no-deps", "--disable-pip-version-check",
         "-w", str(wheels), f"--config-settings=build-dir={build_cache_dir()}"])
    [wheel] = wheels.glob("dbt_session-*.whl")
    venv = tmp_path_factory.mktemp("user") / "venv"
    run([BASE_PYTHON, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
         str(wheel)])
    return venv


def user_environment(venv: Path, home: Path) -> dict[str, str]:
    """A shell where the user activated nothing: only PATH leads to the installed command."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("VIRTUAL_ENV", "PYTHONPATH", "DBT_PROFILES_DIR")}
    environment["PATH"] = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
    environment["DBT_SESSION_HOME"] = str(home)
    return environment


def test_the_installed_command_finds_its_own_venv_and_python_package(
    installed_venv: Path, tmp_path: Path
) -> None:
    environment = user_environment(installed_venv, tmp_path / "home")
    command = shutil.which("dbt-session", path=environment["PATH"])
    assert command == str(installed_venv / "bin" / "dbt-session")

    report = run([command, "--version"], env=environment).stdout
    assert f"({installed_venv})" in report  # the embedded Python's sys.prefix
    where = run([str(installed_venv / "bin" / "python"), "-c",
                 "import dbt_session, dbt_session_native; print(dbt_session.__file__); "
                 "print(dbt_session_native.__file__)"], env=environment).stdout.split()
    assert all(path.startswith(str(installed_venv)) for path in where), where


def test_the_installed_command_builds_the_example_project(installed_venv: Path, tmp_path: Path) -> None:
    project = shutil.copytree(EXAMPLE, tmp_path / "jaffle_shop",
                              ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    environment = user_environment(installed_venv, tmp_path / "home")
    done = subprocess.run(["dbt-session", "build", "--profiles-dir", "."], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-4000:]
    assert "Completed successfully" in done.stdout
    assert "ERROR=0" in done.stdout


PLUGIN_PROBE = """
import dbt_session  # installed next to dbt-databricks: must change nothing by itself
from dbt.adapters.factory import FACTORY
from dbt.adapters.databricks.impl import DatabricksAdapter
FACTORY.load_plugin("databricks")
loaded = FACTORY.get_plugin_by_name("databricks")
print(loaded.adapter.__module__ + "." + loaded.adapter.__qualname__)
"""


def test_plain_dbt_still_loads_dbt_databricks_own_adapter(installed_venv: Path, tmp_path: Path) -> None:
    environment = user_environment(installed_venv, tmp_path / "home")
    loaded = run([str(installed_venv / "bin" / "python"), "-c", PLUGIN_PROBE], env=environment).stdout
    assert loaded.strip() == "dbt.adapters.databricks.impl.DatabricksAdapter"

    project = shutil.copytree(EXAMPLE, tmp_path / "jaffle_shop",
                              ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    (project / "profiles.yml").write_text(
        "jaffle_shop:\n  target: dbsql\n  outputs:\n    dbsql:\n      type: databricks\n"
        "      host: example.cloud.databricks.com\n      http_path: /sql/1.0/warehouses/abc\n"
        "      token: not-a-token\n      schema: jaffle_shop\n"
    )
    run([str(installed_venv / "bin" / "dbt"), "parse", "--profiles-dir", "."], cwd=project, env=environment)
    manifest = (project / "target" / "manifest.json").read_text()
    assert '"adapter_type": "databricks"' in manifest
