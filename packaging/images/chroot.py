"""Running commands in an unpacked root filesystem with chroot (needs root): /proc, a tmpfs
/dev/shm and bind mounts of host folders, each undone on exit. A root is deleted only when
nothing is mounted under it any more, so a failed unmount never reaches a host folder.

Roots live in a folder of their own (never a temp folder that other tools clean: a recursive
delete there would follow a bind mount of a killed run into the host's pip cache). Each
root's name starts with the pid of the process that made it; remove_stale() unmounts and
deletes the roots of processes that are gone."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class Bind:
    host: Path
    inside: str  # absolute path in the root
    read_only: bool = False


def mounts_under(root: Path) -> list[str]:
    prefix = str(root.resolve()).rstrip("/") + "/"
    with open("/proc/self/mounts") as table:
        points = [line.split()[1].replace("\\040", " ") for line in table]
    return [point for point in points if point.startswith(prefix)]


def processes_inside(root: Path) -> list[int]:
    """The processes whose root directory is `root` (started by chroot into it)."""
    wanted = str(root.resolve())
    found = []
    for link in Path("/proc").glob("[0-9]*/root"):
        try:
            if os.readlink(link) == wanted:
                found.append(int(link.parent.name))
        except OSError:  # ended meanwhile, or not ours to read
            continue
    return found


def _processes_left_after(root: Path, seconds: float) -> list[int]:
    """The processes still running in `root` once they have all ended or `seconds` passed."""
    deadline = time.monotonic() + seconds
    while (left := processes_inside(root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def end_processes_inside(root: Path, grace_seconds: float = 30.0) -> None:
    """Waits for the processes still running in `root` to end, then kills what is left, so
    its mounts can be undone: a Spark driver JVM outlives the command that started it by the
    time its shutdown hooks take (it exits once its parent's stdin pipe closes)."""
    for pid in _processes_left_after(root, grace_seconds):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _processes_left_after(root, 10)


def unmount_when_free(point: Path, seconds: float = 10.0) -> None:
    """Unmounts `point`, retried while it is busy: a process that has just ended can hold
    files there a moment after /proc stops showing its root (a JVM releasing its mapped jars
    and libraries); after `seconds`, lazily (detached now, freed with the last reference)."""
    deadline = time.monotonic() + seconds
    while subprocess.run(["umount", str(point)], stderr=subprocess.DEVNULL).returncode != 0:
        if time.monotonic() >= deadline:
            subprocess.run(["umount", "-l", str(point)], check=True)
            return
        time.sleep(0.2)


def _mount(stack: ExitStack, target: Path, *arguments: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", *arguments, str(target)], check=True)

    stack.callback(unmount_when_free, target)


@contextmanager
def mounted(root: Path, binds: Sequence[Bind] = ()) -> Iterator[Path]:
    """/proc, /dev/shm and `binds` mounted in `root`; the host's DNS, host names (Spark looks
    its own up) and CA bundle copied in, so pip inside reaches PyPI as it does on the host."""
    for name in ("resolv.conf", "hosts", "hostname"):
        shutil.copy2(Path("/etc") / name, root / "etc" / name)
    if HOST_CA_BUNDLE.exists():
        (root / HOST_CA_BUNDLE.relative_to("/")).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(HOST_CA_BUNDLE, root / HOST_CA_BUNDLE.relative_to("/"))
    with ExitStack() as stack:
        _mount(stack, root / "proc", "-t", "proc", "proc")
        _mount(stack, root / "dev" / "shm", "-t", "tmpfs", "-o", "mode=1777", "shm")
        for bind in binds:
            target = root / bind.inside.lstrip("/")
            bind.host.mkdir(parents=True, exist_ok=True)
            _mount(stack, target, "--bind", str(bind.host))
            if bind.read_only:
                subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True)
        try:
            yield root
        finally:
            end_processes_inside(root)


def remove_root(root: Path) -> None:
    left = mounts_under(root)
    if left:
        raise RuntimeError(f"not removing {root}: still mounted under it: {left}")
    shutil.rmtree(root)


def new_root(parent: Path, name: str) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-{name}-", dir=parent))


def remove_stale(parent: Path) -> None:
    """Roots under `parent` whose process has ended (killed mid-run): unmounted, deleted."""
    for root in parent.glob("*-*") if parent.is_dir() else ():
        pid = root.name.split("-", 1)[0]
        if not pid.isdigit() or Path(f"/proc/{pid}").exists():
            continue
        for point in sorted(mounts_under(root), key=len, reverse=True):
            subprocess.run(["umount", "-l", point], check=True)
        remove_root(root)


def extracted(tarball: Path) -> Path:
    """The tarball's files in a folder beside it (`<tarball>.d`), extracted once: the
    read-only lower layer every fresh copy is overlaid on."""
    folder = tarball.with_suffix(".d")
    if not folder.is_dir():
        partial = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", dir=folder.parent))
        subprocess.run(["tar", "-C", str(partial), "-xf", str(tarball)], check=True)
        try:
            partial.rename(folder)
        except OSError:  # another run extracted it first
            shutil.rmtree(partial)
    return folder


@contextmanager
def unpacked(tarball: Path, parent: Path) -> Iterator[Path]:
    """A fresh copy of the root filesystem in `tarball`, under `parent`, removed afterwards:
    an overlay on the extracted image (instant, and only the copy's changes are written), or
    where overlayfs is not available, the tarball unpacked."""
    remove_stale(parent)
    holder = new_root(parent, tarball.name.split("-", 1)[0])
    root = holder / "root"
    for folder in ("upper", "work", "root"):
        (holder / folder).mkdir()
    layers = f"lowerdir={extracted(tarball)},upperdir={holder / 'upper'},workdir={holder / 'work'}"
    overlaid = subprocess.run(["mount", "-t", "overlay", "overlay", "-o", layers, str(root)],
                              stderr=subprocess.DEVNULL).returncode == 0
    try:
        if not overlaid:
            subprocess.run(["tar", "-C", str(root), "-xf", str(tarball)], check=True)
        yield root
    finally:
        end_processes_inside(root)
        if overlaid:
            unmount_when_free(root)
        remove_root(holder)


def pack(root: Path, tarball: Path) -> None:
    """Writes `root` to `tarball` atomically (a .part file renamed when complete)."""
    partial = tarball.with_name(tarball.name + ".part")
    subprocess.run(["tar", "-C", str(root), "--numeric-owner", "-cf", str(partial), "."], check=True)
    partial.replace(tarball)


def pip_environment() -> dict[str, str]:
    """pip's settings of the host (index, cert, timeouts, find-links), for pip inside."""
    return {key: value for key, value in os.environ.items() if key.startswith("PIP_")}


def run(root: Path, argv: Sequence[str], env: Mapping[str, str] | None = None, cwd: str = "/",
        timeout: float = 1800, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Runs `argv` inside `root` with a clean environment (PATH, HOME, LANG, pip's settings and
    `env`); output captured. With `check`, a non-zero exit raises with the output's tail."""
    environment = {"PATH": BASE_PATH, "HOME": "/root", "LANG": "C.UTF-8", "TMPDIR": "/tmp",
                   **pip_environment(), **(env or {})}
    command = ["chroot", str(root), "/bin/sh", "-c", 'cd "$0" && exec "$@"', cwd, *argv]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    if check and done.returncode != 0:
        raise subprocess.CalledProcessError(
            done.returncode, list(argv), done.stdout[-6000:], done.stderr[-6000:])
    return done


def extract_member(tarball: Path, member: str, target: Path) -> None:
    """One file of a tarball (used to read an image's metadata without unpacking it all)."""
    with tarfile.open(tarball) as archive:
        source = archive.extractfile(member)
        assert source is not None, f"{member} is not a file in {tarball}"
        target.write_bytes(source.read())
