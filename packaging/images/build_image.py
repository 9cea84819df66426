"""Builds (once) the root filesystem of a Databricks-runtime-shaped image as a tarball.

    python3 packaging/images/build_image.py 15.4|16.4|17.3   # prints the tarball's path

Debian 12 minbase (debootstrap) with a headless JRE, a Python laid out like a runtime's
(/databricks/python3 is a virtualenv over it) and the runtime's Spark and Python libraries
(shapes.py). No compiler and no -dev package. Needs root.

Cache: ~/.cache/dbt-session/images (or $DBT_SESSION_IMAGE_CACHE): <sha256>.tar per image (and
<sha256>.d, its files, extracted once for the tests' overlays; see chroot.unpacked),
keyed by its inputs (this builder, the relink script, the package lists), and debootstrap's
and apt's .deb cache in debs/. pip's cache (~/.cache/pip) is mounted in, so pyspark's sdist
is built into a wheel once. Nothing here depends on a cache existing.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import chroot  # noqa: E402
from chroot import Bind, mounted, pack, remove_root, run, unpacked  # noqa: E402
from shapes import BASE_PACKAGES, SHAPES, Shape  # noqa: E402

HERE = Path(__file__).resolve().parent
MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
SUITE = "bookworm"
VENV = "/databricks/python3"
PYENV_312 = Path(os.environ.get("DBT_SESSION_IMAGE_PYTHON312", "/root/.pyenv/versions/3.12.1"))
PREFIX = {"shared": "/opt/python3.12", "static": "/opt/python3.12-static"}
FORBIDDEN_PACKAGES = ("gcc", "g++", "cpp", "clang", "make", "libpython3.11", "libpython3.11-dev")


def cache_dir() -> Path:
    configured = os.environ.get("DBT_SESSION_IMAGE_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dbt-session" / "images"


def roots_dir() -> Path:
    """Where images are unpacked to be built or tested (chroot.py says why not /tmp)."""
    return cache_dir() / "roots"


def pip_cache() -> Path:
    return Path(os.environ.get("PIP_CACHE_DIR") or Path.home() / ".cache" / "pip")


def key(*parts: str, whole_builder: bool = True) -> str:
    """sha256 of the builder's code (all of it, or only the base image's function) and `parts`."""
    digest = hashlib.sha256()
    if whole_builder:
        for source in (HERE / "build_image.py", HERE / "chroot.py", HERE / "relink_static_python.sh"):
            digest.update(source.read_bytes())
    else:
        digest.update(inspect.getsource(base_image).encode())
    for part in parts:
        digest.update(part.encode())
    return digest.hexdigest()


def keep_only(tarball: Path) -> None:
    """Removes the older versions of `tarball` (same name before the key): images are large."""
    prefix = tarball.name.rsplit("-", 1)[0] + "-"
    for old in cache_dir().glob(f"{prefix}*.tar"):
        if old != tarball and len(old.name) == len(tarball.name):
            old.unlink()
            shutil.rmtree(old.with_suffix(".d"), ignore_errors=True)


def log(message: str) -> None:
    print(f"[images] {message}", file=sys.stderr, flush=True)


def base_image() -> Path:
    """debootstrap --variant=minbase with BASE_PACKAGES."""
    tarball = cache_dir() / f"base-{key(SUITE, MIRROR, *BASE_PACKAGES, whole_builder=False)}.tar"
    if tarball.exists():
        return tarball
    debs = cache_dir() / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    chroot.remove_stale(roots_dir())
    root = chroot.new_root(roots_dir(), "base")
    log(f"debootstrap {SUITE} into {root} (debs cached in {debs})")
    try:
        subprocess.run(["debootstrap", "--variant=minbase", f"--cache-dir={debs}",
                        f"--include={','.join(BASE_PACKAGES)}", SUITE, str(root), MIRROR],
                       check=True, stdout=subprocess.DEVNULL)
        (root / "var" / "lib" / "apt" / "lists").mkdir(parents=True, exist_ok=True)
        pack(root, tarball)
        keep_only(tarball)
    finally:
        if root.exists():
            remove_root(root)
    return tarball


def install_python(root: Path, shape: Shape) -> str:
    """Puts the shape's interpreter into `root`; returns its path inside."""
    if shape.python_kind == "debian":
        # python3.11 alone: Debian's /usr/bin/python3.11 has libpython linked in, and the
        # shared libpython3.11 package stays out (pulled in only by -dev or embedding users).
        debs = cache_dir() / "debs"
        with mounted(root, [Bind(debs, "/var/cache/apt/archives")]):
            run(root, ["apt-get", "update", "-qq"])
            run(root, ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                       "python3.11", "python3.11-venv"], env={"DEBIAN_FRONTEND": "noninteractive"})
            run(root, ["apt-get", "clean"])
        shutil.rmtree(root / "var" / "lib" / "apt" / "lists", ignore_errors=True)
        (root / "var" / "lib" / "apt" / "lists").mkdir(parents=True)
        return "/usr/bin/python3.11"
    prefix = PREFIX[shape.python_kind]
    target = root / prefix.lstrip("/")
    if shape.python_kind == "shared":
        shutil.copytree(PYENV_312, target, symlinks=True)
        # The build's rpath names its pyenv folder: the copy finds libpython3.12.so through
        # the dynamic linker's configuration instead, like a Python installed under /opt.
        (root / "etc" / "ld.so.conf.d" / "python3.12.conf").write_text(f"{prefix}/lib\n")
        run(root, ["ldconfig"])
    else:
        subprocess.run([str(HERE / "relink_static_python.sh"), str(PYENV_312), str(target)], check=True)
    minor = target / "lib" / "python3.12"
    shutil.rmtree(minor / "test", ignore_errors=True)
    for entry in (minor / "site-packages").iterdir():  # the host's additions stay on the host
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return f"{prefix}/bin/python3.12"


def check_no_toolchain(root: Path, shape: Shape, python: str) -> None:
    installed = run(root, ["dpkg-query", "-W", "-f", "${Package}\n"]).stdout.split()
    wrong = [name for name in installed if name in FORBIDDEN_PACKAGES or name.endswith("-dev")]
    assert not wrong, f"image {shape.name} has build tools or -dev packages: {wrong}"
    linked = run(root, ["ldd", python], check=False).stdout
    if shape.python_kind != "shared":
        assert "libpython" not in linked, f"{python} links a libpython:\n{linked}"
        found = run(root, ["sh", "-c", "ls /usr/lib/x86_64-linux-gnu/libpython3* /opt/*/lib/libpython3*.so* "
                                       "2>/dev/null || true"]).stdout.split()
        assert not found, f"image {shape.name} has a shared libpython: {found}"


def shape_image(shape: Shape) -> Path:
    """The base image plus the shape's Python, its virtualenv and the runtime's libraries."""
    base = base_image()
    tarball = cache_dir() / f"{shape.name}-{key(base.name, repr(shape))}.tar"
    if tarball.exists():
        return tarball
    started = time.monotonic()
    with unpacked(base, roots_dir()) as root:
        python = install_python(root, shape)
        with mounted(root, [Bind(pip_cache(), "/root/.cache/pip")]):
            run(root, [python, "-m", "venv", VENV])
            pip = [f"{VENV}/bin/python", "-m", "pip"]
            run(root, [*pip, "install", "--quiet", *shape.requirements])
            check_no_toolchain(root, shape, python)
            version = run(root, [f"{VENV}/bin/python", "-c", "import pyspark; print(pyspark.__version__)"])
            assert version.stdout.strip() == shape.spark, version.stdout
        pack(root, tarball)
    keep_only(tarball)
    log(f"image {shape.name} built in {time.monotonic() - started:.0f} s: {tarball}")
    return tarball


def main() -> None:
    names = sys.argv[1:] or sorted(SHAPES)
    for name in names:
        print(shape_image(SHAPES[name]))


if __name__ == "__main__":
    main()
