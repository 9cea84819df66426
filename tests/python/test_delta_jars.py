"""dbt_session.delta_jars: how an installed dbt-session gets Delta's jars on first start."""

import re
from pathlib import Path

import pytest

from dbt_session import delta_jars
from dbt_session.spark_line import LINES, SparkLine

SPARK_4_0 = next(line for line in LINES if line.spark == "4.0")


def maven_repository_with(root: Path, line: SparkLine, delta_version: str) -> Path:
    """A file:// Maven layout holding fake jars at Delta's artifact paths."""
    for path in line.artifact_paths(delta_version):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(b"jar of " + path.encode())
    return root


@pytest.mark.parametrize(("spark_version", "delta_version", "delta_jar"),
                         [("4.0", "4.0.0", "delta-spark_2.13-4.0.0.jar"),
                          ("3.5", "3.2.0", "delta-spark_2.12-3.2.0.jar")])
def test_fetch_downloads_the_lines_delta_spark_and_delta_storage_into_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spark_version: str, delta_version: str,
    delta_jar: str,
) -> None:
    line = next(line for line in LINES if line.spark == spark_version)
    repository = maven_repository_with(tmp_path / "maven", line, delta_version)
    monkeypatch.setenv("MAVEN_REPOSITORY", repository.as_uri())

    folder = tmp_path / "cache" / line.jar_folder(delta_version)
    jars = delta_jars.fetch(line, delta_version, str(folder))

    assert sorted(Path(jar).name for jar in jars) == [delta_jar, f"delta-storage-{delta_version}.jar"]
    assert Path(jars[0]).read_bytes().startswith(b"jar of io/delta/")
    assert not list((tmp_path / "cache").rglob("*.part"))


def test_fetch_keeps_jars_already_cached_without_downloading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for path in SPARK_4_0.artifact_paths("4.0.0"):
        (cache / Path(path).name).write_bytes(b"cached")
    monkeypatch.setenv("MAVEN_REPOSITORY", (tmp_path / "no-such-repository").as_uri())

    jars = delta_jars.fetch(SPARK_4_0, "4.0.0", str(cache))

    assert [Path(jar).read_bytes() for jar in jars] == [b"cached", b"cached"]


def test_fetch_offline_names_the_url_and_the_directory_and_leaves_no_partial_jar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAVEN_REPOSITORY", (tmp_path / "unreachable").as_uri())
    cache = tmp_path / "cache"

    with pytest.raises(RuntimeError) as raised:
        delta_jars.fetch(SPARK_4_0, "4.0.0", str(cache))

    message = str(raised.value)
    assert "cannot download Delta Lake's delta-spark_2.13-4.0.0.jar from file://" in message
    assert str(cache) in message
    assert list(cache.iterdir()) == []


def test_the_installed_folder_is_in_the_jar_cache_named_by_delta_version_and_scala_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBT_SESSION_JAR_CACHE", str(tmp_path))
    folder = delta_jars.installed_folder()
    assert folder.parent == tmp_path
    assert folder.name.startswith("delta-") and folder.name.rsplit("_", 1)[1] in ("2.12", "2.13")


def test_the_jar_cache_is_the_variable_else_xdg_cache_home_else_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one definition: the host asks installed_folder() too (host/delta_jar_cache.cpp)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("DBT_SESSION_JAR_CACHE", str(tmp_path / "jc"))
    assert delta_jars.jar_cache() == tmp_path / "jc"
    monkeypatch.setenv("DBT_SESSION_JAR_CACHE", "")
    assert delta_jars.jar_cache() == tmp_path / "xdg" / "dbt-session" / "jars"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert delta_jars.jar_cache() == tmp_path / "home" / ".cache" / "dbt-session" / "jars"


def test_only_delta_jars_computes_the_jar_cache_location() -> None:
    """Everything else asks dbt_session.delta_jars (the host through host/delta_jar_cache.cpp),
    so a second computation, which would drift (one ignored XDG_CACHE_HOME), fails here."""
    repo = Path(__file__).resolve().parents[2]
    computation = re.compile(r"""dbt-session["']? ?/ ?["']?jars|(environ|getenv|environment_variable).{0,6}["']DBT_SESSION_JAR_CACHE""")
    allowed = {
        "adapter_py/dbt_session/delta_jars.py": "the definition",
        "tests/python/test_delta_jars.py": "its tests",
        "tests/images/conftest.py": "the cache's path inside an image (HOME=/root), a bind target",
    }
    found = {
        str(path.relative_to(repo))
        for folder in ("host", "bindings", "adapter_py", "tests", "bench", "packaging")
        for path in (repo / folder).rglob("*")
        if path.suffix in (".py", ".cpp", ".hpp", ".sh") and computation.search(path.read_text())
    }
    assert found <= set(allowed), f"compute the jar cache location with dbt_session.delta_jars: {found - set(allowed)}"
