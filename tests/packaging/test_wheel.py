"""`pip install` of dbt-session, as a Python user does it: build the wheel (scikit-build-core),
install it with its pinned dependencies into a new virtualenv, and build a project with every
kind of node (tests/projects/every_node_kind) through the installed `dbt-session` command, found
on PATH, with no flag naming the venv. The example project is built from the checkout by
tests/e2e/test_jaffle_shop.py and `make demo`.

Slow (a C++ build, then pyspark & co. into a fresh venv): packaging/build_wheels.sh keeps the
CMake build directory outside the checkout, so a later run only recompiles what changed, and pip
takes every dependency from its cache.
"""

import os
import shutil
import subprocess
import re
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "jaffle_shop"
EVERY_NODE_KIND = REPO / "tests" / "projects" / "every_node_kind"
BASE_PYTHON = shutil.which("python3.11") or sys.executable
# What a Databricks runtime brings and the base install must never replace.
RUNTIME_PACKAGES = ("pyspark", "pandas", "pyarrow", "numpy", "grpcio", "delta-spark")


def run(command: list[str], timeout: int = 1800, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done  # type: ignore[no-any-return]


def lock_file_pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "packaging" / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, pinned = line.split("==", 1)
            pins[canonicalize_name(name)] = pinned.strip()
    return pins


def wheel_requirements(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def test_the_base_install_requires_none_of_the_packages_a_databricks_runtime_brings() -> None:
    names = {canonicalize_name(requirement.name) for requirement in wheel_requirements()}
    assert names.isdisjoint(RUNTIME_PACKAGES), names
    assert set(RUNTIME_PACKAGES) - {"numpy"} <= {
        canonicalize_name(requirement.name) for requirement in wheel_requirements("local")}


def test_dbt_core_stays_on_the_1_x_line_that_loads_python_adapters() -> None:
    [dbt_core] = [r for r in wheel_requirements() if r.name == "dbt-core"]
    assert not dbt_core.specifier.contains("2.0.0", prereleases=True)
    assert dbt_core.specifier.contains(lock_file_pins()["dbt-core"])


def test_the_lock_file_satisfies_every_requirement_of_the_wheel_and_its_local_extra() -> None:
    pins = lock_file_pins()
    for requirement in wheel_requirements() + wheel_requirements("local"):
        if requirement.marker and not requirement.marker.evaluate():
            continue  # for another Python than the lock file's
        pinned = pins[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(pinned, prereleases=True), (str(requirement), pinned)
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert all("==" in backend for backend in project["build-system"]["requires"]), "build backend pinned"


def built_wheel(python: str, scratch: Path) -> Path:
    """The manylinux wheel users get for this Python: $DBT_SESSION_WHEELS (make wheels, which
    `make test` runs first), else built here by packaging/build_wheels.sh."""
    tag = "cp3{}".format(subprocess.check_output([python, "-c", "import sys; print(sys.version_info[1])"],
                                                  text=True).strip())
    folder = Path(os.environ["DBT_SESSION_WHEELS"]) if os.environ.get("DBT_SESSION_WHEELS") else scratch
    if not list(folder.glob(f"dbt_session-*-{tag}-*manylinux*.whl")):
        run([str(REPO / "packaging" / "build_wheels.sh"), str(folder), python])
    [wheel] = folder.glob(f"dbt_session-*-{tag}-*manylinux*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed with [local] into a new venv, at the checkout's pinned versions."""
    wheel = built_wheel(BASE_PYTHON, tmp_path_factory.mktemp("wheels"))
    venv = tmp_path_factory.mktemp("user") / "venv"
    run([BASE_PYTHON, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
         "-c", str(REPO / "packaging" / "requirements.txt"), f"{wheel}[local]"])
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


def test_the_installed_command_builds_a_project_with_every_kind_of_node(
    installed_venv: Path, tmp_path: Path
) -> None:
    project = shutil.copytree(EVERY_NODE_KIND, tmp_path / "every_node_kind",
                              ignore=shutil.ignore_patterns("target", "logs"))
    environment = user_environment(installed_venv, tmp_path / "home")
    done = subprocess.run(["dbt-session", "build", "--profiles-dir", "."], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-4000:]
    assert "Completed successfully" in done.stdout
    assert "PASS=10" in done.stdout and "ERROR=0" in done.stdout  # 2 seeds, 5 models, 3 data tests


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


def test_each_wheel_is_manylinux_for_glibc_2_35_or_older_as_auditwheel_reads_it(tmp_path: Path) -> None:
    wheels = [built_wheel(BASE_PYTHON, tmp_path)]
    if os.environ.get("DBT_SESSION_WHEELS"):  # make wheels: one per Python minor
        wheels = sorted(Path(os.environ["DBT_SESSION_WHEELS"]).glob("dbt_session-*manylinux*.whl"))
        assert {wheel.name.split("-")[2] for wheel in wheels} == {"cp311", "cp312"}, wheels
    for wheel in wheels:
        shown = run([str(REPO / ".venv" / "bin" / "auditwheel"), "show", str(wheel)]).stdout
        tag = re.search(r'platform tag:\s+"manylinux_2_(\d+)_x86_64"', shown.replace("\n", " "))
        assert tag, shown
        assert int(tag.group(1)) <= 35, shown
        assert f"manylinux_2_{tag.group(1)}_x86_64" in wheel.name
        names = zipfile.ZipFile(wheel).namelist()
        assert any(name.endswith("/scripts/dbt-session") for name in names)
        # The C++ libraries travel inside the wheel; libpython is never among them.
        vendored = [name for name in names if ".libs/" in name]
        assert vendored and not any("libpython" in name for name in vendored), vendored
