"""dbt's main thread closes a worker's connection while the worker is inside a call on it:
dbt-core's cancel_open, on Ctrl-C, calls the handle's cancel() while the worker waits in py4j
with the GIL released (bindings/session_handle.hpp, `spark()`). The worker's call then ends
with its own statement's result or a closed-connection error, and never reads the emptied
session state (before: a segmentation fault of the whole process, seen once in
tests/e2e/test_fault_cancellation.py on a loaded machine). The fake session closes the handle
from inside the call, where the real main thread would."""

from collections.abc import Callable
from typing import Any, Optional

import pytest
from dbt_common.exceptions import DbtRuntimeError

from databricks_fakes import FakeConf, FakeSparkSession, Workspace
from dbt_session.native import native


class ClosingContext:
    """A SparkContext whose job labelling runs `during_label` first (the GIL is released there
    on a real driver: each call is a py4j round trip)."""

    def __init__(self, context: Any, during_label: list[Callable[[], None]]) -> None:
        self._context = context
        self._during_label = during_label

    def setJobGroup(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802 (pyspark's name)
        for action in self._during_label:
            action()
        self._context.setJobGroup(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


class ClosingSession(FakeSparkSession):
    def __init__(self, during_label: list[Callable[[], None]], conf: Optional[FakeConf] = None) -> None:
        super().__init__(Workspace("16.4.x-scala2.12", "main", "s", {}, existing=True), conf)
        self.during_label = during_label
        self.sparkContext = ClosingContext(self.sparkContext, during_label)  # type: ignore[assignment]

    def newSession(self) -> "ClosingSession":  # noqa: N802
        return ClosingSession(self.during_label, FakeConf(dict(self.conf.values)))


@pytest.fixture
def closing_handle() -> Any:
    """A handle whose next statement's job labelling closes it; the suite's session is given
    back after."""
    previous = native.session() if native.session_is_started() else None
    during_label: list[Callable[[], None]] = []
    native.use_session(ClosingSession(during_label))
    try:
        handle = native.open_handle("main", "s", None)
        during_label.append(handle.cancel)
        yield handle
    finally:
        if previous is not None:
            native.use_session(previous)
        else:
            native.release_session()


def test_a_statement_whose_handle_is_closed_while_it_is_labelled_still_runs_on_its_state(
    closing_handle: Any,
) -> None:
    cursor = closing_handle.execute("select 1")
    assert cursor is not None
    with pytest.raises(DbtRuntimeError, match="closed connection"):
        closing_handle.execute("select 2")


def test_a_listing_whose_handle_is_closed_while_it_is_labelled_ends_without_a_crash(
    closing_handle: Any,
) -> None:
    closing_handle.list_schemas("main", None)
    with pytest.raises(DbtRuntimeError, match="closed connection"):
        closing_handle.list_schemas("main", None)


def test_a_handle_closed_twice_releases_its_state_once(closing_handle: Any) -> None:
    closing_handle.close()
    closing_handle.close()
    with pytest.raises(DbtRuntimeError, match="closed connection"):
        closing_handle.execute("select 1")
