"""dbt's behavior flags for the session adapter, rendered as dbt_common renders them but without
an ``inspect.stack()`` per flag.

dbt_common's ``BehaviorFlagRendered`` records the module that rendered a flag (the event's
``flag_source``) through ``inspect.stack()``, which reads a source line for every frame of the
stack and, for frames of generated code, walks all of ``sys.modules``. It does this for every
flag, even one that names its source. With dbt-databricks' 8 flags that is about 140 ms per
adapter on its first build in a process and 10-35 ms on each later one (``dbt_session.run`` in a
notebook, a test suite's hundreds of dbt runs). Frames' globals give the same module name.
"""

import sys
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


class SessionBehavior(Behavior):
    def __init__(self, flags: list[BehaviorFlag], user_overrides: dict[str, Any]) -> None:
        self._flags = [SessionBehaviorFlag(flag, user_overrides) for flag in flags]
