"""dbt_session.local_spark.delta_jars: the host's jar check (host/delta_jar_cache.cpp, through
dbt_session_native), used by scripts, the test suites and the benchmarks."""

from pathlib import Path

import pytest

from dbt_session import local_spark, spark_line


@pytest.fixture
def jar_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DBT_SESSION_JAR_CACHE", str(tmp_path))
    folder = tmp_path / spark_line.jar_folder()
    folder.mkdir()
    return folder


def test_delta_jars_lists_every_jar_of_the_installed_delta_version(jar_folder: Path) -> None:
    for name in ("delta-storage-4.0.0.jar", "delta-spark_2.13-4.0.0.jar", "dbt-session-catalog-alias.jar"):
        (jar_folder / name).write_bytes(b"jar")

    assert [jar.name for jar in local_spark.delta_jars()] == [
        "dbt-session-catalog-alias.jar",
        "delta-spark_2.13-4.0.0.jar",
        "delta-storage-4.0.0.jar",
    ]


def test_delta_jars_without_delta_spark_itself_names_the_folder_and_make_jars(jar_folder: Path) -> None:
    (jar_folder / "delta-storage-4.0.0.jar").write_bytes(b"jar")

    with pytest.raises(RuntimeError) as raised:
        local_spark.delta_jars()

    assert str(jar_folder) in str(raised.value)
    assert "make jars" in str(raised.value)


def test_delta_jars_in_an_empty_cache_names_the_folder(jar_folder: Path) -> None:
    with pytest.raises(RuntimeError, match="are not in"):
        local_spark.delta_jars()
