"""What a statement that fails in the JVM reports (bindings/error_translation.cpp): a lost
driver is named, whatever form py4j's failure takes, and any other py4j error stays Spark's own
(is_driver_loss); a failure wrapped in Java causes ends with the cause the user must fix
(root_cause_line)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Optional

import pytest
from dbt_common.exceptions import DbtDatabaseError, DbtRuntimeError
from py4j.protocol import Py4JError, Py4JJavaError
from pyspark.errors import RetriesExceeded
from pyspark.errors.exceptions.connect import SparkConnectGrpcException

from databricks_fakes import FakeConf, FakeSparkSession, Workspace
from dbt_session.native import native

DRIVER_GONE = "Spark's driver is gone"


class FailingSession(FakeSparkSession):
    """A Databricks-shaped session whose statements fail with `error`."""

    def __init__(self, error: Exception, conf: Optional[FakeConf] = None) -> None:
        super().__init__(Workspace("16.4.x-scala2.12", "main", "s", {}, existing=True), conf)
        self.error = error

    def newSession(self) -> "FailingSession":  # noqa: N802
        return FailingSession(self.error, FakeConf(dict(self.conf.values)))

    def sql(self, text: str, args: Any = None) -> Any:
        if "failing statement" in text:
            raise self.error
        return super().sql(text, args)


@contextmanager
def failing_session(error: Exception) -> Iterator[Any]:
    """A handle on a session of its own whose failing statements raise `error`; the suite's
    session is given back after."""
    previous = native.session() if native.session_is_started() else None
    native.use_session(FailingSession(error))
    try:
        yield native.open_handle("main", "s", None)
    finally:
        if previous is not None:
            native.use_session(previous)
        else:
            native.release_session()


def execute(error: Exception) -> None:
    """Runs a failing statement on a session of its own."""
    with failing_session(error) as handle:
        handle.execute("select 'failing statement'")


def messages_of_failing_statements(error: Exception, statements: int) -> list[str]:
    """What each of `statements` failing statements on one session reports."""
    messages = []
    with failing_session(error) as handle:
        for _ in range(statements):
            with pytest.raises(DbtRuntimeError) as raised:
                handle.execute("select 'failing statement'")
            messages.append(raised.value.msg)
    return messages


def test_a_bare_py4j_error_answer_is_a_lost_driver() -> None:
    # py4j's answer when the connection broke while it read the JVM's answer.
    with pytest.raises(DbtRuntimeError, match=DRIVER_GONE):
        execute(Py4JError("An error occurred while calling o48.sql"))


def test_a_name_lookup_answered_by_a_bare_py4j_error_is_a_lost_driver() -> None:
    # pyspark's sql() looks up PythonUtils on the JVM view first; py4j's JVMView reports the
    # bare error answer as the name not existing.
    with pytest.raises(DbtRuntimeError, match=DRIVER_GONE):
        execute(Py4JError("PythonUtils does not exist in the JVM"))


def test_a_lost_driver_is_explained_once_and_each_later_statement_points_back_to_it() -> None:
    first, second, third = messages_of_failing_statements(Py4JError("An error occurred while calling o48.sql"), 3)
    assert "its JVM exited or was killed" in first and "every later node of this run fails too" in first
    assert second == third
    assert second.startswith(DRIVER_GONE + " (the first node that failed says why)")
    assert "retry" in second and len(second) < len(first) / 2


def test_another_session_explains_its_own_lost_driver_in_full_again() -> None:
    lost = Py4JError("An error occurred while calling o48.sql")
    messages_of_failing_statements(lost, 1)
    assert "every later node of this run fails too" in messages_of_failing_statements(lost, 1)[0]


def test_a_py4j_error_with_the_jvms_trace_stays_a_database_error() -> None:
    with pytest.raises(DbtDatabaseError) as raised:
        execute(Py4JError("An error occurred while calling o48.sql. Trace:\n"
                          "py4j.Py4JException: Method sql does not exist\n"))
    assert DRIVER_GONE not in str(raised.value)


class JavaException:
    """What py4j hands back for a JVM exception, as far as the error translation asks it."""

    _target_id = "o99"

    def __init__(self, text: str, cause: Optional["JavaException"] = None) -> None:
        self.text = text
        self.cause = cause

    def toString(self) -> str:  # noqa: N802
        return self.text

    def getMessage(self) -> str:  # noqa: N802
        return self.text.split(": ", 1)[1]

    def getCause(self) -> Optional["JavaException"]:  # noqa: N802
        return self.cause


def test_a_job_cancelled_because_the_spark_context_shut_down_is_a_lost_driver() -> None:
    # What the running model gets when an OutOfMemoryError in a task makes Spark exit the JVM.
    error = Py4JJavaError("An error occurred while calling o52.sql.", JavaException(
        "org.apache.spark.SparkException: Job 0 cancelled because SparkContext was shut down"))
    with pytest.raises(DbtRuntimeError, match=DRIVER_GONE):
        execute(error)


def test_another_spark_exception_stays_a_database_error() -> None:
    error = Py4JJavaError("An error occurred while calling o52.sql.", JavaException(
        "org.apache.spark.SparkException: Job 3 cancelled part of cancelled job tag dbt-session"))
    with pytest.raises(DbtDatabaseError) as raised:
        execute(error)
    assert DRIVER_GONE not in str(raised.value)


def test_a_write_that_fails_for_the_jvms_reason_ends_with_that_reason() -> None:
    # A table written to a full disk, as Spark 4.0.1 reports it: the error conditions say only
    # that the write failed; the root cause, which has none, says why.
    no_space = JavaException("java.io.IOException: No space left on device")
    write_failed = JavaException(
        "org.apache.spark.SparkException: [TASK_WRITE_FAILED] Task failed while writing rows to "
        "file:/w/s.db/t. SQLSTATE: 58030",
        JavaException("org.apache.parquet.util.AutoCloseables$ParquetCloseResourceException: "
                      "Unable to close resource",
                      JavaException("org.apache.hadoop.fs.FSError: java.io.IOException: No space "
                                    "left on device", no_space)))
    error = Py4JJavaError("An error occurred while calling o52.sql.", JavaException(
        "org.apache.spark.SparkException: [TASK_WRITE_FAILED] Task failed while writing rows to "
        "file:/w/s.db/t. SQLSTATE: 58030", write_failed))
    with pytest.raises(DbtDatabaseError) as raised:
        execute(error)
    assert raised.value.msg.endswith(
        "SQLSTATE: 58030\nCaused by: java.io.IOException: No space left on device"), raised.value.msg


def test_a_cause_with_an_error_condition_of_its_own_is_the_one_named() -> None:
    invalid = JavaException("org.apache.spark.SparkRuntimeException: [CAST_INVALID_INPUT] The "
                            "value 'x' of the type \"STRING\" cannot be cast to \"INT\". SQLSTATE: 22018",
                            JavaException("java.lang.NumberFormatException: x"))
    error = Py4JJavaError("An error occurred while calling o52.sql.", JavaException(
        "org.apache.spark.SparkException: [TASK_WRITE_FAILED] Task failed while writing rows to "
        "file:/w/s.db/t. SQLSTATE: 58030", invalid))
    with pytest.raises(DbtDatabaseError) as raised:
        execute(error)
    assert raised.value.msg.endswith("\nCaused by: [CAST_INVALID_INPUT] The value 'x' of the type "
                                      "\"STRING\" cannot be cast to \"INT\". SQLSTATE: 22018"), raised.value.msg


def test_a_task_out_of_heap_says_where_the_heap_is_set() -> None:
    error = Py4JJavaError("An error occurred while calling o52.sql.", JavaException(
        "org.apache.spark.SparkException: Job aborted due to stage failure: Task 1 in stage 0.0 "
        "failed 1 times, most recent failure: Lost task 1.0 in stage 0.0 (TID 1) (localhost "
        "executor driver): java.lang.OutOfMemoryError: Java heap space\n\tat "
        "org.apache.spark.unsafe.types.UTF8String.copy(UTF8String.java:1880)\n\nDriver stacktrace:"))
    with pytest.raises(DbtDatabaseError) as raised:
        execute(error)
    first, advice = raised.value.msg.split("\n")
    assert first.endswith("(localhost executor driver): java.lang.OutOfMemoryError: Java heap space")
    assert "--conf spark.driver.memory=4g" in advice and "cluster" in advice


def test_a_spark_connect_client_that_gave_up_retrying_names_the_lost_server() -> None:
    with pytest.raises(DbtRuntimeError) as raised:
        execute(RetriesExceeded(errorClass="RETRIES_EXCEEDED", messageParameters={}))
    assert raised.value.msg.startswith("The Spark Connect server stopped answering"), raised.value.msg
    assert "dbt-session retry" in raised.value.msg


def test_a_spark_connect_call_refused_with_no_retry_left_names_the_lost_server() -> None:
    # What a cancel, made without retries, gets from a server that is gone (pyspark 4.0.1).
    unavailable = SparkConnectGrpcException(
        "<_InactiveRpcError of RPC that terminated with:\n\tstatus = StatusCode.UNAVAILABLE\n"
        "\tdetails = \"failed to connect to all addresses; last error: UNKNOWN: "
        "ipv4:127.0.0.1:58961: Failed to connect to remote host: Connection refused\"\n>")
    with pytest.raises(DbtRuntimeError, match="The Spark Connect server stopped answering"):
        execute(unavailable)
    with pytest.raises(DbtDatabaseError):
        execute(SparkConnectGrpcException("<_InactiveRpcError\n\tstatus = StatusCode.INTERNAL\n>"))


def test_a_lost_spark_connect_server_is_explained_once_and_each_later_statement_points_back_to_it() -> None:
    first, second = messages_of_failing_statements(RetriesExceeded(errorClass="RETRIES_EXCEEDED", messageParameters={}), 2)
    assert "every later node of this run fails too" in first
    assert second.startswith("The Spark Connect server stopped answering (the first node that failed says more)")
    assert "retry" in second and len(second) < len(first)
