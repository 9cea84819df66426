"""dbt_session.spark_line: which Spark line the installed pyspark and delta-spark make, and the
error an unsupported Spark gets (a fake installed version: no old Spark is installed)."""

from typing import Optional

import pytest

from dbt_session import spark_line
from dbt_session.spark_line import UnsupportedSpark


def fake_installed(monkeypatch: pytest.MonkeyPatch, pyspark: Optional[str], delta: Optional[str]) -> None:
    versions = {"pyspark": pyspark, "delta-spark": delta}
    monkeypatch.setattr(spark_line, "installed_version", versions.get)


@pytest.mark.parametrize(("pyspark", "delta", "folder"), [
    ("3.5.0", "3.2.0", "delta-3.2.0_2.12"),
    ("3.5.2", "3.2.0", "delta-3.2.0_2.12"),
    ("3.5.5", "3.3.2", "delta-3.3.2_2.12"),
    ("4.0.1", "4.0.0", "delta-4.0.0_2.13"),
])
def test_a_supported_pair_names_its_jar_folder_by_delta_version_and_scala_line(
    monkeypatch: pytest.MonkeyPatch, pyspark: str, delta: str, folder: str
) -> None:
    fake_installed(monkeypatch, pyspark, delta)
    assert spark_line.jar_folder() == folder
    assert f"delta-spark {delta}" in spark_line.describe()


def test_spark_3_5_jars_are_scala_2_12_and_spark_4_0_jars_scala_2_13() -> None:
    assert spark_line.line_of("3.5.2", "x").artifact_paths("3.2.0")[0] == (
        "io/delta/delta-spark_2.12/3.2.0/delta-spark_2.12-3.2.0.jar")
    assert spark_line.line_of("4.0.1", "x").artifact_paths("4.0.0")[0] == (
        "io/delta/delta-spark_2.13/4.0.0/delta-spark_2.13-4.0.0.jar")


def test_spark_older_than_3_5_is_one_paragraph_naming_the_version_and_what_is_supported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_installed(monkeypatch, "3.4.1", "2.4.0")
    with pytest.raises(UnsupportedSpark) as raised:
        spark_line.installed_pyspark()
    message = str(raised.value)
    assert "pyspark" in message and "Spark 3.4.1" in message
    assert "Spark 3.5 (pyspark 3.5.x with delta-spark 3.x" in message
    assert "Spark 4.0 (pyspark 4.0.x with delta-spark 4.0.x" in message
    assert "\n" not in message
    assert "Spark line: none" in spark_line.describe()


def test_a_missing_pyspark_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_installed(monkeypatch, None, None)
    with pytest.raises(UnsupportedSpark, match="pyspark is not installed"):
        spark_line.installed_pyspark()


@pytest.mark.parametrize(("pyspark", "delta"), [("3.5.2", "4.0.0"), ("4.0.1", "3.2.0"), ("4.0.1", None)])
def test_a_delta_spark_of_another_line_is_named_with_the_one_that_fits(
    monkeypatch: pytest.MonkeyPatch, pyspark: str, delta: Optional[str]
) -> None:
    fake_installed(monkeypatch, pyspark, delta)
    with pytest.raises(UnsupportedSpark) as raised:
        spark_line.jar_folder()
    assert f"pyspark {pyspark}" in str(raised.value)
    assert ("delta-spark 3.x" if pyspark.startswith("3.5") else "delta-spark 4.0.x") in str(raised.value)


def test_a_newer_spark_without_known_delta_jars_is_named() -> None:
    with pytest.raises(UnsupportedSpark, match="Spark 4.1.0, for which dbt-session knows no Delta Lake jars"):
        spark_line.line_of("4.1.0", "the virtualenv's pyspark")


def test_only_pyspark_3_5_lacks_a_connect_server_which_comes_from_maven_for_the_tests() -> None:
    assert spark_line.line_of("3.5.2", "x").connect_server_paths("3.5.2") == [
        "org/apache/spark/spark-connect_2.12/3.5.2/spark-connect_2.12-3.5.2.jar"]
    assert spark_line.line_of("4.0.1", "x").connect_server_paths("4.0.1") == []


def test_a_pyspark_without_pip_metadata_is_known_by_its_importable_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As on a Databricks runtime, whose pyspark is on the path but not pip-installed."""
    def no_metadata(distribution: str) -> str:
        raise spark_line.PackageNotFoundError(distribution)

    monkeypatch.setattr(spark_line, "version", no_metadata)
    import pyspark

    assert spark_line.installed_version("pyspark") == pyspark.__version__
    assert spark_line.installed_version("delta-spark") is None
