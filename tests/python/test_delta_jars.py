"""dbt_session.delta_jars: how an installed dbt-session gets Delta's jars on first start."""

from pathlib import Path

import pytest

from dbt_session import delta_jars


def maven_repository_with(root: Path, delta_version: str) -> Path:
    """A file:// Maven layout holding fake jars at Delta's artifact paths."""
    for path in delta_jars.artifact_paths(delta_version):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(b"jar of " + path.encode())
    return root


def test_fetch_downloads_delta_spark_and_delta_storage_into_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = maven_repository_with(tmp_path / "maven", "4.0.0")
    monkeypatch.setenv("MAVEN_REPOSITORY", repository.as_uri())

    jars = delta_jars.fetch("4.0.0", str(tmp_path / "cache" / "delta-4.0.0"))

    assert sorted(Path(jar).name for jar in jars) == [
        "delta-spark_2.13-4.0.0.jar",
        "delta-storage-4.0.0.jar",
    ]
    assert Path(jars[0]).read_bytes().startswith(b"jar of io/delta/")
    assert not list((tmp_path / "cache").rglob("*.part"))


def test_fetch_keeps_jars_already_cached_without_downloading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for path in delta_jars.artifact_paths("4.0.0"):
        (cache / Path(path).name).write_bytes(b"cached")
    monkeypatch.setenv("MAVEN_REPOSITORY", (tmp_path / "no-such-repository").as_uri())

    jars = delta_jars.fetch("4.0.0", str(cache))

    assert [Path(jar).read_bytes() for jar in jars] == [b"cached", b"cached"]


def test_fetch_offline_names_the_url_and_the_directory_and_leaves_no_partial_jar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAVEN_REPOSITORY", (tmp_path / "unreachable").as_uri())
    cache = tmp_path / "cache"

    with pytest.raises(RuntimeError) as raised:
        delta_jars.fetch("4.0.0", str(cache))

    message = str(raised.value)
    assert "cannot download Delta Lake's delta-spark_2.13-4.0.0.jar from file://" in message
    assert str(cache) in message
    assert list(cache.iterdir()) == []
