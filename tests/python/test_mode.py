"""Which connection method a databricks target resolves to (dbt_session.mode)."""

import pytest
from dbt_common.exceptions import DbtValidationError

from dbt_session.mode import DBSQL, SESSION, is_session, resolve_method


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBT_DATABRICKS_SESSION_MODE", raising=False)
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)


@pytest.mark.parametrize("method", ["session", "SESSION", " Session "])
def test_explicit_session_method_is_case_insensitive(method: str) -> None:
    assert resolve_method(method, host=None) == SESSION


@pytest.mark.parametrize("method", ["dbsql", "DBSQL"])
def test_explicit_dbsql_method_is_case_insensitive(method: str) -> None:
    assert resolve_method(method, host="adb-1.azuredatabricks.net") == DBSQL


def test_explicit_method_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBT_DATABRICKS_SESSION_MODE", "true")
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    assert resolve_method("dbsql", host=None) == DBSQL


def test_unknown_method_is_a_validation_error_naming_it() -> None:
    with pytest.raises(DbtValidationError, match="'thrift'"):
        resolve_method("thrift", host=None)


@pytest.mark.parametrize("value", ["true", "TRUE", "True"])
def test_session_mode_environment_variable_selects_session(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("DBT_DATABRICKS_SESSION_MODE", value)
    assert resolve_method(None, host="adb-1.azuredatabricks.net") == SESSION


@pytest.mark.parametrize("value", ["false", "1", ""])
def test_session_mode_environment_variable_other_than_true_is_ignored(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("DBT_DATABRICKS_SESSION_MODE", value)
    assert resolve_method(None, host="adb-1.azuredatabricks.net") == DBSQL


def test_databricks_runtime_without_host_selects_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    assert resolve_method(None, host=None) == SESSION
    assert resolve_method(None, host="") == SESSION


def test_databricks_runtime_with_host_keeps_dbsql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    assert resolve_method(None, host="adb-1.azuredatabricks.net") == DBSQL


def test_default_is_dbsql() -> None:
    assert resolve_method(None, host=None) == DBSQL


def test_is_session_reads_the_method_attribute() -> None:
    class Creds:
        method = SESSION

    assert is_session(Creds())
    assert not is_session(object())
