"""SessionCredentials: a databricks target without host/token in session mode, and plain
dbt-databricks credentials with `method: dbsql`."""

import importlib.util
from typing import Any

import pytest
from dbt_common.exceptions import DbtConfigError, DbtRuntimeError, DbtValidationError
from dbt_common.utils import md5

from dbt.adapters.databricks.credentials import DatabricksCredentials
from dbt.adapters.databricks.utils import is_cluster_http_path
import dbt_session.credentials as credentials_module
from dbt_session.credentials import SESSION_CLUSTER_ID, SESSION_HTTP_PATH, SessionCredentials

CLUSTER_HTTP_PATH = "sql/protocolv1/o/1234567890123456/0123-456789-abcdef12"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBT_DATABRICKS_SESSION_MODE", raising=False)
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)


def session_credentials(**profile: Any) -> SessionCredentials:
    return SessionCredentials.from_dict({"method": "session", "schema": "analytics", **profile})


def dbsql_credentials(**profile: Any) -> SessionCredentials:
    return SessionCredentials.from_dict(
        {"method": "dbsql", "schema": "analytics", "http_path": CLUSTER_HTTP_PATH, **profile}
    )


def test_session_target_without_schema_is_a_clear_validation_error() -> None:
    with pytest.raises(DbtValidationError, match="`schema` is required for a `method: session`"):
        SessionCredentials.from_dict({"method": "session"})


def test_method_is_normalised_to_lower_case() -> None:
    assert session_credentials(method="Session").method == "session"


def test_unknown_method_is_rejected_when_the_profile_is_read() -> None:
    with pytest.raises(DbtValidationError, match="unknown method 'odbc'"):
        session_credentials(method="odbc")


def test_environment_switch_makes_a_target_without_method_a_session_target(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBT_DATABRICKS_SESSION_MODE", "true")
    creds = SessionCredentials.from_dict({"schema": "analytics"})
    assert creds.method == "session"
    assert creds.is_session


def test_session_unique_field_needs_no_host_and_can_be_hashed() -> None:
    creds = session_credentials()
    assert creds.host is None
    assert isinstance(creds.unique_field, str)
    assert md5(creds.unique_field)  # what dbt does with it at runtime-config time


def test_session_unique_field_tells_targets_apart() -> None:
    assert session_credentials().unique_field != session_credentials(schema="other").unique_field


def test_session_without_http_path_gets_a_cluster_path_naming_the_session_cluster() -> None:
    creds = session_credentials()
    assert creds.http_path == SESSION_HTTP_PATH
    assert creds.cluster_id == SESSION_CLUSTER_ID
    assert is_cluster_http_path(creds.http_path, creds.cluster_id)


def test_session_keeps_the_profiles_http_path_and_its_cluster_id() -> None:
    creds = session_credentials(http_path=CLUSTER_HTTP_PATH)
    assert creds.http_path == CLUSTER_HTTP_PATH
    assert creds.cluster_id == "0123-456789-abcdef12"


def test_session_target_dict_has_host_and_http_path_for_packages() -> None:
    target = dict(session_credentials(host="example.cloud.databricks.com").connection_info(with_aliases=True))
    assert target["http_path"] == SESSION_HTTP_PATH
    assert target["host"] == "example.cloud.databricks.com"
    assert "host" in dict(session_credentials().connection_info(with_aliases=True))


def test_session_target_without_host_reads_host_as_an_empty_string_not_none() -> None:
    assert dict(session_credentials().connection_info(with_aliases=True))["host"] == ""
    # dbt debug's listing (no aliases) still says the profile has none.
    assert dict(session_credentials().connection_info())["host"] is None


def test_session_validate_creds_accepts_missing_host_and_token() -> None:
    creds = session_credentials()
    creds.validate_creds()
    assert creds.host is None and creds.token is None


def test_session_connection_keys_show_the_method() -> None:
    creds = session_credentials()
    assert creds._connection_keys()[0] == "method"
    assert dict(creds.connection_info())["method"] == "session"
    assert "token" not in creds._connection_keys()


def test_session_connection_keys_show_session_properties_when_set() -> None:
    creds = session_credentials(session_properties={"spark.sql.ansi.enabled": "false"})
    assert "session_properties" in creds._connection_keys()


def test_session_catalog_defaults_to_hive_metastore() -> None:
    assert session_credentials().database == "hive_metastore"


def test_session_catalog_alias_is_honoured() -> None:
    assert session_credentials(catalog="main").database == "main"


def test_session_mode_without_pyspark_is_a_clear_runtime_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name == "pyspark" else real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(DbtRuntimeError, match=r"\[local\] extra .*\(/databricks/python3\)"):
        session_credentials()
    assert dbsql_credentials().method == "dbsql"  # dbsql targets do not need pyspark


def test_dbsql_validate_creds_still_requires_host() -> None:
    with pytest.raises(DbtConfigError, match="The config 'host' is required"):
        dbsql_credentials().validate_creds()


def test_dbsql_cluster_id_is_parsed_from_http_path() -> None:
    assert dbsql_credentials().cluster_id == "0123-456789-abcdef12"


def test_dbsql_unique_field_is_the_host() -> None:
    assert dbsql_credentials(host="adb-1.azuredatabricks.net").unique_field == "adb-1.azuredatabricks.net"


def test_dbsql_connection_keys_are_dbt_databricks_own() -> None:
    creds = dbsql_credentials(host="adb-1.azuredatabricks.net")
    plain = DatabricksCredentials.from_dict(
        {"schema": "analytics", "http_path": CLUSTER_HTTP_PATH, "host": "adb-1.azuredatabricks.net"}
    )
    assert creds._connection_keys() == plain._connection_keys()
    assert creds._connection_keys(with_aliases=True) == plain._connection_keys(with_aliases=True)


def test_a_target_with_neither_method_nor_host_says_how_to_pick_session_mode() -> None:
    # dbt-databricks alone fails later with "'NoneType' object has no attribute 'encode'".
    for host in (None, ""):
        with pytest.raises(DbtValidationError, match=r"neither `method` nor `host`.*`method: session`"):
            SessionCredentials.from_dict({"schema": "analytics", "host": host})


def test_a_target_with_a_host_and_no_method_stays_a_dbsql_target() -> None:
    creds = SessionCredentials.from_dict({"schema": "analytics", "host": "adb-1.azuredatabricks.net"})
    assert creds.method == "dbsql"




class HostChoice:
    """What the host told the bindings about the session it will obtain (tests/cpp checks the
    choice itself: creates_oss_spark)."""

    def __init__(self, oss_spark: bool) -> None:
        self.oss_spark = oss_spark

    def session_creates_oss_spark(self) -> bool:
        return self.oss_spark

    def unity_catalog_refusal(self, key: str, value: str) -> str:
        from dbt_session.native import native

        return native.unity_catalog_refusal(key, value)


def test_a_unity_catalog_name_is_refused_at_profile_load_when_oss_spark_will_be_created(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(credentials_module, "native", HostChoice(oss_spark=True))
    with pytest.raises(DbtValidationError, match=r"`catalog` \(or its alias `database`\) is 'main'"):
        session_credentials(catalog="main")
    with pytest.raises(DbtValidationError, match=r"`session_properties.databricks.catalog` is 'main'"):
        session_credentials(session_properties={"databricks.catalog": "main"})
    assert session_credentials(catalog="Hive_Metastore").database == "Hive_Metastore"
    assert session_credentials().database == "hive_metastore"


def test_a_unity_catalog_name_waits_for_the_session_when_it_may_be_databricks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # attached or Spark Connect: the connection handle checks once the session answers
    monkeypatch.setattr(credentials_module, "native", HostChoice(oss_spark=False))
    assert session_credentials(catalog="main").database == "main"


def test_the_bindings_know_nothing_of_oss_spark_without_the_host() -> None:
    from dbt_session.native import native

    assert native.session_creates_oss_spark() is False
