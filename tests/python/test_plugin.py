"""dbt_session.plugin: the one substitution point dbt's adapter factory goes through."""

import subprocess
import sys
import warnings
from collections.abc import Iterator

import pytest

import dbt.adapters.databricks as databricks_package
from dbt.adapters.databricks.impl import DatabricksAdapter
from dbt.adapters.factory import FACTORY
from dbt.config.profile import Profile
from dbt.exceptions import DbtProfileError
from dbt.include import databricks as databricks_macros
from dbt_session import plugin
from dbt_session.credentials import SessionCredentials
from dbt_session.impl import DatabricksAdapterWithSession


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Installs the plugin for one test; dbt-databricks' own Plugin comes back afterwards."""
    monkeypatch.setattr(databricks_package, "Plugin", databricks_package.Plugin)
    monkeypatch.setattr(FACTORY, "plugins", dict(FACTORY.plugins))
    monkeypatch.delenv("DBT_DATABRICKS_SESSION_MODE", raising=False)
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)
    plugin.install()
    yield


def test_install_rebinds_the_databricks_plugin(installed: None) -> None:
    assert databricks_package.Plugin is plugin.SESSION_PLUGIN
    assert plugin.is_installed()


def test_install_is_idempotent(installed: None) -> None:
    plugin.install()
    plugin.install()
    assert databricks_package.Plugin is plugin.SESSION_PLUGIN


def test_plugin_keeps_the_databricks_type(installed: None) -> None:
    assert databricks_package.Plugin.adapter.type() == "databricks"


def test_plugin_adapter_is_a_dbt_databricks_adapter(installed: None) -> None:
    adapter = databricks_package.Plugin.adapter
    assert adapter is DatabricksAdapterWithSession
    assert issubclass(adapter, DatabricksAdapter)


def test_plugin_keeps_dbt_databricks_include_path(installed: None) -> None:
    assert databricks_package.Plugin.include_path == databricks_macros.PACKAGE_PATH


def test_plugin_depends_on_spark_and_the_session_macros_never_on_databricks(installed: None) -> None:
    assert databricks_package.Plugin.dependencies == ["spark", "databricks_session_macros"]


def test_session_macros_win_over_dbts_global_project_only(installed: None) -> None:
    FACTORY.load_plugin("databricks")
    # Internal projects earlier in this list win (dbt/context/macro_resolver.py reverses it):
    # every databricks__/spark__ macro stays dbt-databricks'/dbt-spark's, and dbt_session's
    # load_csv_rows replaces dbt's dispatcher.
    assert FACTORY.get_adapter_package_names("databricks") == [
        "dbt_databricks", "dbt_spark", "dbt_session", "dbt"
    ]


def test_the_session_macros_plugin_is_not_an_adapter(installed: None) -> None:
    from dbt_common.exceptions import DbtRuntimeError

    from dbt.adapters.databricks_session_macros import Plugin as macros_plugin

    with pytest.raises(DbtRuntimeError, match="not an adapter: use `type: databricks`"):
        macros_plugin.adapter()


def test_dbt_factory_loads_session_credentials_after_install(installed: None) -> None:
    assert FACTORY.load_plugin("databricks") is SessionCredentials


def test_dbt_profile_with_method_session_parses_to_session_credentials(installed: None) -> None:
    credentials = Profile._credentials_from_profile(
        {"type": "databricks", "method": "session", "schema": "analytics"}, "p", "dev"
    )
    assert isinstance(credentials, SessionCredentials)
    assert credentials.is_session
    assert credentials.host is None


def test_dbt_profile_with_unknown_method_is_a_profile_error_naming_it(installed: None) -> None:
    with pytest.raises(DbtProfileError, match="unknown method 'sessoin'"):
        Profile._credentials_from_profile(
            {"type": "databricks", "method": "sessoin", "schema": "analytics"}, "p", "dev"
        )


def test_plugin_is_not_installed_by_importing_it() -> None:
    # Plain dbt-databricks stays in charge until install() is called. A fresh interpreter:
    # this one may already have run dbt through the plugin (install() lasts for the process).
    check = (
        "import dbt.adapters.databricks as databricks_package\n"
        "from dbt_session import plugin\n"
        "assert databricks_package.Plugin is not plugin.SESSION_PLUGIN\n"
        "assert not plugin.is_installed()\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_install_silences_agates_warning_for_the_catalog_columns_left_out(installed: None) -> None:
    from agate import Table
    from dbt_common.clients.agate_helper import build_type_tester

    # dbt-databricks' catalog rows for a table without comments (see plugin.CATALOG_COLUMN_WARNING).
    rows = [{"table_name": "t", "column_name": "id"}]
    forced = ("table_name", "table_comment", "comment", "table_owner", "other")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        plugin.install()  # again: its filter goes in front of "always"
        Table.from_object(rows, column_types=build_type_tester(forced))
    assert [str(warning.message) for warning in seen] == [
        '"other" does not match the name of any column in this table.'
    ]
