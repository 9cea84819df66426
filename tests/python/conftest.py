"""Fixtures of the unit suite; the SparkSession itself comes from tests/conftest.py."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def schema(spark: Any) -> Iterator[str]:
    """A schema of the module's own, dropped (with its tables) when the module ends."""
    name = f"pytest_{uuid.uuid4().hex[:12]}"
    spark.sql(f"CREATE SCHEMA {name}")
    try:
        yield name
    finally:
        spark.sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture
def handle(spark: Any, schema: str) -> Iterator[Any]:
    """A fresh connection handle in hive_metastore.<module schema>, closed after the test."""
    import dbt_session_native

    opened = dbt_session_native.open_handle("hive_metastore", schema)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(autouse=True)
def dbt_adapters_left_as_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that invokes dbt leaves the adapter dbt registered for its profile; dbt's own
    `adapter` fixture (tests/functional, later in the same process) registers without a reset,
    so it would keep that adapter, profile and all. The factory's adapters are put back."""
    from dbt.adapters.factory import FACTORY

    monkeypatch.setattr(FACTORY, "adapters", dict(FACTORY.adapters))
