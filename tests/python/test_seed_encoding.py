"""A seed file that is not UTF-8 is refused before its materialization reads it, naming the
file and the offset of the first byte that is not UTF-8 (in the file, not in a read chunk)."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from dbt.artifacts.resources.base import FileHash
from dbt_common.exceptions import DbtRuntimeError

from dbt_session import seeds
from dbt_session.credentials import SessionCredentials
from dbt_session.impl import DatabricksAdapterWithSession

# 1,000 rows of 11 bytes, then a Latin-1 "é" on line 1002: past dbt's first 8 KiB read.
BAD_OFFSET = len("id,name\n") + 1000 * len("0000,ascii\n") + len("1001,Ren")


def latin1_seed(folder: Path) -> Path:
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    path = folder / "seeds" / "people.csv"
    rows = "".join(f"{i:04d},ascii\n" for i in range(1000))
    path.write_bytes(("id,name\n" + rows + "1001,René\n").encode("latin-1"))
    return path


def test_dbt_cores_parse_error_names_no_file_and_gives_an_offset_within_a_chunk(tmp_path: Path) -> None:
    # Why the check exists: dbt's parse hashes each seed through a text stream read in 1 MiB
    # chunks, and the error carries neither the path nor the file offset.
    path = tmp_path / "big.csv"
    path.write_bytes(b"a" * (1024 * 1024 + 10) + "é".encode("latin-1"))
    with pytest.raises(UnicodeDecodeError) as raised:
        FileHash.from_path(str(path))
    assert raised.value.start < 1024 * 1024 and str(path) not in str(raised.value)
    with pytest.raises(DbtRuntimeError, match=f"byte offset {1024 * 1024 + 10} "):
        seeds.require_utf8(str(path))


def test_a_latin1_seed_is_refused_naming_the_file_offset_and_line(tmp_path: Path) -> None:
    path = latin1_seed(tmp_path)
    with pytest.raises(DbtRuntimeError) as raised:
        seeds.require_utf8(str(path))
    message = str(raised.value)
    assert f"seed file {path} is not UTF-8: byte 0xe9 at byte offset {BAD_OFFSET} (line 1002)" in message
    assert "save the file as UTF-8" in message


def test_utf8_with_a_bom_and_a_missing_file_pass(tmp_path: Path) -> None:
    seed = tmp_path / "ok.csv"
    seed.write_bytes("\ufeffid,name\n1,René ✓\n".encode("utf-8"))
    seeds.require_utf8(str(seed))
    seeds.require_utf8(str(tmp_path / "missing.csv"))


def test_the_adapter_checks_a_seed_before_its_materialization(tmp_path: Path) -> None:
    latin1_seed(tmp_path)
    adapter = DatabricksAdapterWithSession.__new__(DatabricksAdapterWithSession)
    adapter.config = SimpleNamespace(credentials=SessionCredentials.from_dict({"method": "session", "schema": "s"}))
    node = SimpleNamespace(resource_type="seed", root_path=str(tmp_path), original_file_path="seeds/people.csv")
    with pytest.raises(DbtRuntimeError, match=f"people.csv is not UTF-8: byte 0xe9 at byte offset {BAD_OFFSET}"):
        adapter.pre_model_hook(SimpleNamespace(model=node))
