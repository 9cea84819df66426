"""Which DBR capabilities session mode reports (dbt_session.capabilities)."""

import sys

import pytest

from dbt.adapters.databricks.dbr_capabilities import DBRCapabilities, DBRCapability
from dbt_session.capabilities import LocalSparkCapabilities, capabilities_for, describe


def test_local_spark_has_exactly_timestampdiff_and_insert_by_name() -> None:
    assert LocalSparkCapabilities().enabled_capabilities() == {
        DBRCapability.TIMESTAMPDIFF,
        DBRCapability.INSERT_BY_NAME,
    }


def test_local_spark_is_not_a_sql_warehouse() -> None:
    # A warehouse would turn on every warehouse-supported capability (REPLACE ON, ...).
    assert LocalSparkCapabilities().is_sql_warehouse is False


def test_no_databricks_runtime_means_local_spark_capabilities() -> None:
    assert isinstance(capabilities_for(None), LocalSparkCapabilities)


@pytest.mark.parametrize("runtime", [(13, 3), (15, 4), (16, 4), (17, 3), (18, 0), (17, sys.maxsize)])
@pytest.mark.parametrize("capability", list(DBRCapability))
def test_databricks_runtime_matches_dbt_databricks_cluster_capabilities(
    runtime: tuple[int, int], capability: DBRCapability
) -> None:
    expected = DBRCapabilities(dbr_version=runtime, is_sql_warehouse=False)
    assert capabilities_for(runtime).has_capability(capability) == expected.has_capability(capability)


def test_runtime_17_3_has_replace_on_but_not_insert_by_name_replace_where() -> None:
    capabilities = capabilities_for((17, 3))
    assert capabilities.has_capability(DBRCapability.REPLACE_ON)
    assert not capabilities.has_capability(DBRCapability.INSERT_BY_NAME_REPLACE_WHERE)


def test_describe_local_spark() -> None:
    assert describe(None) == "OSS Spark capability set (insert_by_name, timestampdiff)"


def test_describe_databricks_runtime_lists_capabilities_sorted() -> None:
    assert describe((16, 1)) == (
        "Databricks runtime 16.1 (comment_on_column, iceberg, insert_by_name, timestampdiff)"
    )


def test_describe_any_minor_runtime_shows_x() -> None:
    assert describe((17, sys.maxsize)).startswith("Databricks runtime 17.x (")


def test_describe_runtime_without_capabilities_says_none() -> None:
    assert describe((10, 0)) == "Databricks runtime 10.0 (none)"
