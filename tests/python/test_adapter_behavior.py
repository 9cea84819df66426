"""Behavior flags: building the adapter again in the same process must not grow dbt's list of
default flags (dbt_session.run in a notebook, the functional suite's hundreds of dbt runs), and
a flag that only chooses Databricks Runtime SQL is off on OSS Spark."""

import inspect
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, Optional

import pytest
from dbt.adapters.base import impl as base_impl
from dbt.adapters.databricks.impl import DatabricksAdapter
from dbt_common import behavior_flags
from dbt_common.behavior_flags import Behavior

from dbt_session.impl import DatabricksAdapterWithSession


@pytest.fixture
def default_flags() -> Iterator[list[Any]]:
    """dbt's module-level list, restored afterwards whatever a test did to it."""
    flags = base_impl.DEFAULT_BASE_BEHAVIOR_FLAGS
    saved = list(flags)
    yield flags
    flags[:] = saved


def set_flags_as_base_adapter_init_does(
    adapter_class: type,
    flags: list[Any],
    project_flags: Optional[dict[str, Any]] = None,
    session: Optional[dict[str, Any]] = None,
) -> Any:
    """`session`: what the connection manager's session_summary() says (None: not a session)."""
    adapter = adapter_class.__new__(adapter_class)
    adapter.config = SimpleNamespace(flags=project_flags or {})
    adapter.connections = SimpleNamespace(session_summary=lambda: session)
    adapter.behavior = flags  # what BaseAdapter.__init__ does
    return adapter


def session_on(databricks_runtime: Optional[tuple[int, int]], project_flags: Optional[dict[str, Any]] = None) -> Any:
    """The session adapter's flags on OSS Spark (None) or a Databricks runtime."""
    return set_flags_as_base_adapter_init_does(
        DatabricksAdapterWithSession, list(base_impl.DEFAULT_BASE_BEHAVIOR_FLAGS), project_flags,
        {"databricks_runtime": databricks_runtime},
    ).behavior


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


def test_flags_render_as_dbt_common_renders_them_without_inspecting_the_stack(
    default_flags: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    flags = [*default_flags, *DatabricksAdapter._behavior_flags.fget(None)]  # type: ignore[attr-defined]
    overrides = {flags[-1]["name"]: True}
    expected = Behavior(flags, overrides)  # dbt_common's rendering, called from this module

    def no_stack_inspection(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("inspect.stack() called while rendering the session adapter's flags")

    monkeypatch.setattr(inspect, "stack", no_stack_inspection)
    adapter = set_flags_as_base_adapter_init_does(DatabricksAdapterWithSession, list(default_flags), overrides)

    def rendered(behavior: Any) -> list[tuple[str, bool, str]]:
        return [(flag.name, flag.no_warn, flag._behavior_change_event.flag_source) for flag in behavior._flags]

    assert rendered(adapter.behavior) == rendered(expected)
    assert {source for _, _, source in rendered(expected)} == {__name__}
    assert adapter.behavior._flags[-1].no_warn is True, "a project's flag setting is kept"


def test_replace_on_for_insert_overwrite_is_off_on_oss_spark_without_a_behavior_change_warning(
    default_flags: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a cluster without REPLACE ON, the flag only decides whether get_insert_overwrite_sql
    # warns on every insert_overwrite model; OSS Spark never has it.
    fired: list[Any] = []
    monkeypatch.setattr(behavior_flags, "fire_event", fired.append)
    flag = session_on(None).use_replace_on_for_insert_overwrite
    assert not flag and flag.no_warn is False
    assert fired == []


def test_replace_on_for_insert_overwrite_keeps_dbt_databricks_default_on_a_databricks_runtime(
    default_flags: list[Any],
) -> None:
    assert session_on((16, 4)).use_replace_on_for_insert_overwrite
    assert session_on((17, 3)).use_replace_on_for_insert_overwrite.no_warn is True


def test_a_projects_own_replace_on_setting_is_kept_on_oss_spark(default_flags: list[Any]) -> None:
    assert session_on(None, {"use_replace_on_for_insert_overwrite": True}).use_replace_on_for_insert_overwrite
