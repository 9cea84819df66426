"""Cleaning up after a killed run never deletes what a root had bind-mounted from the host."""

from __future__ import annotations

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
