"""Cleaning up after a killed run never deletes what a root had bind-mounted from the host."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import chroot
from conftest import require_root


def test_a_stale_root_is_unmounted_before_it_is_deleted(tmp_path: Path) -> None:
    require_root()
    host_folder = tmp_path / "host-cache"
    host_folder.mkdir()
    (host_folder / "keep.txt").write_text("the host's")
    ended = subprocess.Popen(["true"])
    ended.wait()
    stale = tmp_path / "roots" / f"{ended.pid}-shape-x"
    (stale / "mnt").mkdir(parents=True)
    subprocess.run(["mount", "--bind", str(host_folder), str(stale / "mnt")], check=True)

    chroot.remove_stale(tmp_path / "roots")

    assert not stale.exists()
    assert (host_folder / "keep.txt").read_text() == "the host's"


def test_a_root_of_a_running_process_is_left_alone(tmp_path: Path) -> None:
    require_root()
    mine = chroot.new_root(tmp_path / "roots", "shape")
    chroot.remove_stale(tmp_path / "roots")
    assert mine.is_dir()


def test_a_process_still_running_in_a_root_is_waited_for_before_its_mounts_are_undone(
    tmp_path: Path,
) -> None:
    """As a Spark driver JVM does: it ends a few seconds after the command that started it."""
    require_root()
    skeleton = tmp_path / "skeleton"
    for folder in ("usr", "etc", "tmp", "proc", "dev"):
        (skeleton / folder).mkdir(parents=True)
    for link in ("bin", "lib", "lib64"):
        (skeleton / link).symlink_to(f"usr/{link}")
    os.mknod(skeleton / "dev" / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # sh's `&` reads it
    tarball = tmp_path / "skeleton.tar"
    chroot.pack(skeleton, tarball)
    roots = tmp_path / "roots"

    with chroot.unpacked(tarball, roots) as root, chroot.mounted(
        root, [chroot.Bind(Path("/usr"), "/usr", read_only=True)]
    ):
        chroot.run(root, ["sh", "-c", "sleep 3 >/dev/null 2>&1 &"])
        assert chroot.processes_inside(root), "the background sleep is not running in the root"

    assert not list(roots.iterdir()), "the root was not removed"
    assert not chroot.mounts_under(roots)
