"""Behavior flags: building the adapter again in the same process must not grow dbt's list of
default flags (dbt_session.run in a notebook, the functional suite's hundreds of dbt runs)."""

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from dbt.adapters.base import impl as base_impl
from dbt.adapters.databricks.impl import DatabricksAdapter

from dbt_session.impl import DatabricksAdapterWithSession


@pytest.fixture
def default_flags() -> Iterator[list[Any]]:
    """dbt's module-level list, restored afterwards whatever a test did to it."""
    flags = base_impl.DEFAULT_BASE_BEHAVIOR_FLAGS
    saved = list(flags)
    yield flags
    flags[:] = saved


def set_flags_as_base_adapter_init_does(adapter_class: type, flags: list[Any]) -> Any:
    adapter = adapter_class.__new__(adapter_class)
    adapter.config = SimpleNamespace(flags={})
    adapter.behavior = flags  # what BaseAdapter.__init__ does
    return adapter


def test_the_parent_adapter_grows_dbts_default_flag_list_each_time_it_is_built(default_flags: list[Any]) -> None:
    # Pins the dbt-adapters behaviour the override exists for: if this starts failing, dbt
    # fixed it and the override in dbt_session.impl can go.
    before = len(default_flags)
    set_flags_as_base_adapter_init_does(DatabricksAdapter, default_flags)
    assert len(default_flags) > before


def test_building_the_session_adapter_again_leaves_dbts_default_flag_list_alone(default_flags: list[Any]) -> None:
    before = list(default_flags)
    for _ in range(3):
        adapter = set_flags_as_base_adapter_init_does(DatabricksAdapterWithSession, default_flags)
    assert default_flags == before
    names = [flag.name for flag in adapter.behavior._flags]
    assert len(names) == len(set(names)), "each flag once"
    assert "use_materialization_v2" in names and before[0]["name"] in names
    assert adapter.behavior.use_materialization_v2.no_warn is False
