"""dbt's behavior flags for the session adapter, rendered as dbt_common renders them but without
an ``inspect.stack()`` per flag, and with the flags that only choose Databricks Runtime SQL off
on OSS Spark.

dbt_common's ``BehaviorFlagRendered`` records the module that rendered a flag (the event's
``flag_source``) through ``inspect.stack()``, which reads a source line for every frame of the
stack and, for frames of generated code, walks all of ``sys.modules``. It does this for every
flag, even one that names its source. With dbt-databricks' 8 flags that is about 140 ms per
adapter on its first build in a process and 10-35 ms on each later one (``dbt_session.run`` in a
notebook, a test suite's hundreds of dbt runs). Frames' globals give the same module name.
"""

import sys
from collections.abc import Callable
from typing import Any, Optional

from dbt_common import behavior_flags
from dbt_common.behavior_flags import Behavior, BehaviorFlag, BehaviorFlagRendered


def _rendering_module() -> str:
    """The first module on the stack that is neither dbt_common's flag code nor dbt-session's:
    the one dbt_common's own search names (``dbt.adapters.base.impl``, whose adapter constructor
    sets the flags)."""
    frame = sys._getframe(1)
    while frame is not None:
        name: Optional[str] = frame.f_globals.get("__name__")
        if name and name != behavior_flags.__name__ and not name.startswith("dbt_session."):
            return name
        frame = frame.f_back  # type: ignore[assignment]
    return "Unknown"


class SessionBehaviorFlag(BehaviorFlagRendered):
    @staticmethod
    def _default_source() -> str:
        return _rendering_module()


# dbt-databricks flags whose only effect on a cluster without the runtime SQL they choose is a
# warning. `use_replace_on_for_insert_overwrite` (default True) picks INSERT ... REPLACE ON,
# Databricks Runtime 17.1+ SQL; on a cluster without it get_insert_overwrite_sql
# (strategies.sql) runs the INSERT OVERWRITE it would run with the flag off, after warning that
# "this cluster's DBR version does not support REPLACE ON" on every insert_overwrite model: an
# error under --warn-error, and no runtime version can ever give OSS Spark that SQL.
RUNTIME_SQL_FLAGS = frozenset({"use_replace_on_for_insert_overwrite"})


class RuntimeSqlFlag(SessionBehaviorFlag):
    """Off, silently, on OSS Spark; as dbt-databricks sets it on Databricks. Asked when a macro
    reads it (the session exists by then): an attached or Connect session's kind is known only
    once it is there."""

    def __init__(self, flag: BehaviorFlag, user_overrides: dict[str, Any], on_oss_spark: Callable[[], bool]) -> None:
        super().__init__(flag, user_overrides)
        self._on_oss_spark = on_oss_spark

    def _get_setting(self) -> bool:
        return False if self._on_oss_spark() else bool(BehaviorFlagRendered.setting.fget(self))  # type: ignore[attr-defined]

    setting = property(_get_setting, BehaviorFlagRendered.setting.fset)  # type: ignore[attr-defined]

    @property
    def no_warn(self) -> bool:
        return False if self._on_oss_spark() else self._setting


class SessionBehavior(Behavior):
    def __init__(
        self, flags: list[BehaviorFlag], user_overrides: dict[str, Any], on_oss_spark: Callable[[], bool]
    ) -> None:
        """A flag of RUNTIME_SQL_FLAGS the project sets keeps the project's value everywhere."""
        self._flags = [
            RuntimeSqlFlag(flag, user_overrides, on_oss_spark)
            if flag["name"] in RUNTIME_SQL_FLAGS and flag["name"] not in user_overrides
            else SessionBehaviorFlag(flag, user_overrides)
            for flag in flags
        ]
