"""dbt_session.console: an interrupted run's console keeps dbt's summary, not the
KeyboardInterrupt stack trace dbt's postflight reports, nor errors for lines nobody reads."""

import logging
import os
import sys
import time

import pytest
from py4j.protocol import Py4JNetworkError

from dbt_session import console
from dbt_session.console import KeyboardInterruptTraceFilter


def record(message: str) -> logging.LogRecord:
    return logging.LogRecord("stdout_log", logging.ERROR, __file__, 1, message, None, None)


TRACE = (
    "\x1b[0m03:20:54  Traceback (most recent call last):\n"
    '  File ".../dbt/cli/requires.py", line 190, in wrapper\n'
    "    result, success = func(*args, **kwargs)\n"
    "KeyboardInterrupt\n"
)


def test_the_keyboard_interrupt_trace_and_its_empty_error_line_are_dropped() -> None:
    keep = KeyboardInterruptTraceFilter().filter
    assert not keep(record(TRACE))
    assert not keep(record("\x1b[0m03:20:54  Encountered an error:\n"))
    assert not keep(record('{"info": {"name": "MainStackTrace", "msg": "Traceback ...\\nKeyboardInterrupt\\n"}}'))


def test_postflight_reports_of_an_error_raised_while_handling_an_interrupt_are_dropped() -> None:
    # mashumaro wraps a KeyboardInterrupt raised inside from_dict (dbt's parse) in InvalidFieldValue.
    keep = KeyboardInterruptTraceFilter().filter
    wrapped = TRACE.replace("KeyboardInterrupt", "mashumaro.exceptions.InvalidFieldValue: Field")
    error_line = '03:20:54  Encountered an error:\nField "config" of type MacroConfig has invalid value'
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise ValueError("invalid value")  # noqa: B904
    except ValueError as error:
        assert console.caused_by_interrupt(error)
        assert not keep(record(error_line))
        assert not keep(record(wrapped))
        assert keep(record("03:20:54  Exited because of keyboard interrupt"))  # dbt's summary
    try:
        raise ValueError("invalid value")
    except ValueError as error:
        assert not console.caused_by_interrupt(error)
        assert keep(record(error_line))
        assert keep(record(wrapped))
    assert not console.caused_by_interrupt(None)


def test_other_errors_and_the_interrupted_summary_are_kept() -> None:
    keep = KeyboardInterruptTraceFilter().filter
    assert keep(record("03:20:54  Exited because of keyboard interrupt"))
    assert keep(record("03:20:54  CANCEL query model.slow.slow_table"))
    assert keep(record("03:20:54  Encountered an error:\nDatabase Error: boom"))
    assert keep(record(TRACE.replace("KeyboardInterrupt", "ValueError: boom")))


def test_a_crash_on_a_wrong_shape_is_dropped_while_quieted_and_other_errors_always_kept() -> None:
    from dbt_common.exceptions import DbtRuntimeError

    console.quiet_crash_reports(True)
    keep = logging.getLogger(console.CONSOLE_LOGGER).filter
    crash = TRACE.replace("KeyboardInterrupt", "TypeError: list indices must be integers")
    try:
        try:
            raise TypeError("list indices must be integers or slices, not str")
        except TypeError:  # postflight reports inside its except block
            assert not keep(record(crash))
            assert not keep(record("03:20:54  Encountered an error:\nlist indices must be integers"))
            assert keep(record("03:20:54  Running with dbt=1.12.0"))
        for other in (DbtRuntimeError("outputs not specified in profile 'bad'"), ConnectionError("hub")):
            try:
                raise other
            except Exception:
                assert keep(record("03:20:54  Encountered an error:\nRuntime Error"))
                assert keep(record(crash))
        assert keep(record(crash))  # logged outside an exception: not postflight's report
        console.quiet_crash_reports(False)
        try:
            raise TypeError("boom")
        except TypeError:
            assert keep(record(crash))
    finally:
        console.quiet_crash_reports(False)


def test_dbts_upload_error_for_flags_that_never_loaded_is_dropped_and_other_upload_errors_kept() -> None:
    console.quiet_upload_without_flags()
    keep = logging.getLogger(console.CONSOLE_LOGGER).filter
    unloaded = ("Error uploading artifacts to artifact ingestion API: "
                "'Namespace' object has no attribute 'upload_to_artifacts_ingest_api'")
    assert not keep(record(f"03:20:54  {unloaded}"))
    assert not keep(record('{"info": {"name": "ArtifactUploadError", "msg": "' + unloaded + '"}}'))
    assert keep(record("03:20:54  Error uploading artifacts to artifact ingestion API: 503 from the server"))


def test_py4j_reports_of_an_interrupted_or_lost_jvm_call_are_dropped_and_other_root_errors_kept(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    root.addHandler(handler)
    console.quiet_keyboard_interrupt()
    try:
        lost = Py4JNetworkError("Answer from Java side is empty")
        for error in (KeyboardInterrupt(), lost, ValueError("boom")):
            try:
                raise error
            except BaseException:
                logging.exception("Exception while sending command.")  # as py4j does
    finally:
        root.removeHandler(handler)
        root.filters = [kept for kept in root.filters if not isinstance(kept, console.BrokenJvmCallRecordFilter)]
    printed = capsys.readouterr().err
    assert printed.count("while sending command") == 1
    assert "ValueError: boom" in printed
    assert "KeyboardInterrupt\n" not in printed and "Java side" not in printed


def test_an_interrupt_python_had_to_ignore_reaches_the_main_thread_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "unraisablehook", sys.__unraisablehook__)
    console.redeliver_swallowed_interrupts()

    class RaisesWhenCollected:
        def __del__(self) -> None:
            raise KeyboardInterrupt  # Python prints "Exception ignored in" and drops it

    with pytest.raises(KeyboardInterrupt):
        RaisesWhenCollected()
        for _ in range(50):
            time.sleep(0.1)


def test_console_lines_are_dropped_once_the_reader_of_standard_output_has_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "w") as pipe:
        monkeypatch.setattr(sys, "stdout", pipe)
        closed_console = console.ClosedConsoleFilter()
        assert closed_console.filter(record("1 of 2 OK created sql table model s.a"))
        os.close(read_end)  # `| head -1` has read its line and exited
        assert not closed_console.filter(record("2 of 2 OK created sql table model s.b"))
        monkeypatch.undo()  # restored before the write end is closed
