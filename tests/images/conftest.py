"""The product's wheels on Databricks-runtime-shaped root filesystems (packaging/images): per
shape, a fresh copy of the cached image, the shape's wheel installed into its
/databricks/python3 virtualenv as an init script would, and a chroot to run commands in.

Needs root (debootstrap, mount, chroot) and $DBT_SESSION_WHEELS, a folder with the cp311 and
cp312 wheels (`make test-images` builds them and sets it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dbt_session.delta_jars import jar_cache

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging" / "images"))
import build_image  # noqa: E402
import chroot  # noqa: E402
from shapes import SHAPES, Shape  # noqa: E402

VENV = build_image.VENV
PROJECT = "/work/project"
# Inside the image: the host's jar cache, read-only for the runs; writable only at JARS_FILL
# for the product's own download (python -m dbt_session.delta_jars) when a Delta line is new.
JARS = "/root/.cache/dbt-session/jars"
JARS_FILL = "/mnt/jar-cache"
TIMINGS: dict[str, dict[str, float]] = {}
NOTES: list[str] = []  # printed after the tests (what the wheel's install changed)


def freeze(lines: str) -> dict[str, str]:
    pins = {}
    for line in lines.splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


@dataclass
class Image:
    shape: Shape
    root: Path
    wheel: str
    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)

    def run(self, argv: Sequence[str], env: Mapping[str, str] | None = None, cwd: str = "/",
            timeout: float = 1200, check: bool = False) -> subprocess.CompletedProcess[str]:
        """As a Databricks task's shell: the runtime's venv first on PATH, nothing activated.
        HotSpot's C1 only: short JVMs run faster (test speed; tests/e2e/conftest.py says why)."""
        environment = {"PATH": f"{VENV}/bin:{chroot.BASE_PATH}",
                       "JAVA_TOOL_OPTIONS": "-XX:TieredStopAtLevel=1", **(env or {})}
        return chroot.run(self.root, argv, env=environment, cwd=cwd, timeout=timeout, check=check)

    def pip_freeze(self) -> dict[str, str]:
        return freeze(self.run([f"{VENV}/bin/python", "-m", "pip", "freeze"], check=True).stdout)


def timed(shape: Shape, phase: str, started: float) -> None:
    TIMINGS.setdefault(shape.name, {})[phase] = round(time.monotonic() - started, 1)


def require_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("images are built with debootstrap and run with chroot: run as root")


@pytest.fixture(scope="session")
def wheels() -> Path:
    require_root()
    configured = os.environ.get("DBT_SESSION_WHEELS")
    if not configured:
        pytest.skip("DBT_SESSION_WHEELS (a folder with the cp311 and cp312 wheels) is not set: "
                    "`make test-images` builds the wheels and sets it")
    return Path(configured).resolve()


def shape_wheel(wheels: Path, shape: Shape) -> Path:
    found = sorted(wheels.glob(f"dbt_session-*-{shape.tag}-*.whl"))
    assert len(found) == 1, f"expected one {shape.tag} wheel in {wheels}, found {[w.name for w in found]}"
    return found[0]


@pytest.fixture(scope="session", params=sorted(SHAPES), ids=lambda name: f"dbr-{name}")
def bare_image(request: pytest.FixtureRequest) -> Iterator[Image]:
    """A fresh copy of the shape's image (built first if not cached), mounted, no wheel yet."""
    require_root()
    shape = SHAPES[request.param]
    started = time.monotonic()
    tarball = build_image.shape_image(shape)
    timed(shape, "image (cached or built)", started)
    binds = [chroot.Bind(build_image.pip_cache(), "/root/.cache/pip"),
             chroot.Bind(jar_cache(), JARS, read_only=True),
             chroot.Bind(jar_cache(), JARS_FILL),
             chroot.Bind(REPO / "packaging" / "databricks", "/src/launcher", read_only=True),
             chroot.Bind(Path(__file__).parent, "/src/tests", read_only=True)]
    wheels = os.environ.get("DBT_SESSION_WHEELS")
    if wheels:
        binds.append(chroot.Bind(Path(wheels).resolve(), "/wheels", read_only=True))
    started = time.monotonic()
    with chroot.unpacked(tarball, build_image.roots_dir()) as root, chroot.mounted(root, binds):
        timed(shape, "unpack", started)
        yield Image(shape, root, wheel="")


@pytest.fixture(scope="session")
def image(bare_image: Image, wheels: Path) -> Image:
    """The image with the shape's wheel installed into the runtime's virtualenv (as an init
    script does: a plain `pip install`), and the Delta jars of its Spark line in the cache."""
    image = bare_image
    if not image.wheel:
        image.wheel = f"/wheels/{shape_wheel(wheels, image.shape).name}"
        started = time.monotonic()
        image.before = image.pip_freeze()
        image.run([f"{VENV}/bin/python", "-m", "pip", "install", "--quiet", image.wheel], check=True)
        image.after = image.pip_freeze()
        timed(image.shape, "pip install of the wheel", started)
        image.run([f"{VENV}/bin/python", "-m", "dbt_session.delta_jars"],
                  env={"DBT_SESSION_JAR_CACHE": JARS_FILL}, check=True)
    return image


@pytest.fixture
def project(image: Image, request: pytest.FixtureRequest) -> str:
    """A fresh copy of tests/projects/every_node_kind in the image, named after the test."""
    inside = f"{PROJECT}-{request.node.originalname}"
    target = image.root / inside.lstrip("/")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(REPO / "tests" / "projects" / "every_node_kind", target)
    return inside


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for shape, phases in TIMINGS.items():
        spent = ", ".join(f"{phase} {seconds:.0f} s" for phase, seconds in phases.items())
        terminalreporter.write_line(f"image {shape}: {spent}")
    for note in NOTES:
        terminalreporter.write_line(note)
