"""A statement that meets a lost driver fails naming it, whatever form py4j's failure takes;
any other py4j error stays Spark's own (bindings/error_translation.cpp, is_driver_loss)."""

from typing import Any, Optional

import pytest
from dbt_common.exceptions import DbtDatabaseError, DbtRuntimeError
from py4j.protocol import Py4JError, Py4JJavaError

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


def execute(error: Exception) -> None:
    """Runs a failing statement on a session of its own, then gives the suite's back."""
    previous = native.session() if native.session_is_started() else None
    native.use_session(FailingSession(error))
    try:
        native.open_handle("main", "s", None).execute("select 'failing statement'")
    finally:
        if previous is not None:
            native.use_session(previous)
        else:
            native.release_session()


def test_a_bare_py4j_error_answer_is_a_lost_driver() -> None:
    # py4j's answer when the connection broke while it read the JVM's answer.
    with pytest.raises(DbtRuntimeError, match=DRIVER_GONE):
        execute(Py4JError("An error occurred while calling o48.sql"))


def test_a_name_lookup_answered_by_a_bare_py4j_error_is_a_lost_driver() -> None:
    # pyspark's sql() looks up PythonUtils on the JVM view first; py4j's JVMView reports the
    # bare error answer as the name not existing.
    with pytest.raises(DbtRuntimeError, match=DRIVER_GONE):
        execute(Py4JError("PythonUtils does not exist in the JVM"))


def test_a_py4j_error_with_the_jvms_trace_stays_a_database_error() -> None:
    with pytest.raises(DbtDatabaseError) as raised:
        execute(Py4JError("An error occurred while calling o48.sql. Trace:\n"
                          "py4j.Py4JException: Method sql does not exist\n"))
    assert DRIVER_GONE not in str(raised.value)


class JavaException:
    """What py4j hands back for a JVM exception, as far as the error translation asks it."""

    _target_id = "o99"

    def __init__(self, text: str) -> None:
        self.text = text

    def toString(self) -> str:  # noqa: N802
        return self.text

    def getMessage(self) -> str:  # noqa: N802
        return self.text.split(": ", 1)[1]

    def getCause(self) -> None:  # noqa: N802
        return None


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
