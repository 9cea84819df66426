"""Spark jobs labelled with the dbt node that ran them (job group and description), and
cancellation of exactly the jobs of the current dbt invocation."""

import threading
import time
from collections.abc import Iterator
from typing import Any, Optional

import pyspark
import pytest
from dbt_common.exceptions import DbtDatabaseError, DbtRuntimeError
from dbt_common.invocation import get_invocation_id, reset_invocation_id

import dbt_session_native as native

# Hours of work on any machine: still running when the test cancels it.
ENDLESS_QUERY = "select sum(id % 7) from range(0, 1000000000000)"


@pytest.fixture(autouse=True)
def fresh_invocation() -> Iterator[None]:
    # dbt resets its invocation id at the start of every command; each test is one command.
    reset_invocation_id()
    yield
    reset_invocation_id()


def jobs_of_group(spark: Any, group: str) -> list[int]:
    return list(spark.sparkContext.statusTracker().getJobIdsForGroup(group))


def description_of(spark: Any, job_id: int) -> str:
    return spark.sparkContext._jsc.sc().statusStore().job(job_id).description().get()


def test_a_statements_jobs_carry_the_nodes_job_group_and_description(spark: Any, handle: Any) -> None:
    handle.invocation_id = get_invocation_id()
    handle.node = "model.shop.labelled"
    handle.execute("create or replace table labelled using delta as select id from range(3)")
    assert handle.execute("select count(*) from labelled").fetchall()[0][0] == 3

    jobs = jobs_of_group(spark, f"dbt-session-{get_invocation_id()}:model.shop.labelled")
    assert jobs
    descriptions = {description_of(spark, job) for job in jobs}
    assert any(d.startswith("model.shop.labelled: create or replace table labelled") for d in descriptions)
    assert any(d.startswith("model.shop.labelled: select count(*) from labelled") for d in descriptions)


def test_a_python_models_jobs_carry_its_unique_id(spark: Any) -> None:
    native.run_python_model(
        "spark.range(5).collect()",
        get_invocation_id(),
        "model.shop.py_labelled",
        "models/py_labelled.py",
        "",
        1,
        lambda _: None,
    )
    jobs = jobs_of_group(spark, f"dbt-session-{get_invocation_id()}:model.shop.py_labelled")
    assert jobs
    assert description_of(spark, jobs[0]) == "model.shop.py_labelled: Python model models/py_labelled.py"


def test_after_cancelling_an_invocation_its_statements_are_refused_and_the_next_invocation_runs(
    handle: Any,
) -> None:
    handle.invocation_id = get_invocation_id()
    handle.node = "model.shop.refused"
    assert native.cancel_invocation_jobs(get_invocation_id())
    with pytest.raises(DbtRuntimeError, match="dbt cancelled the run's work .*; model.shop.refused starts no new Spark work"):
        handle.execute("select 1")
    reset_invocation_id()
    handle.invocation_id = get_invocation_id()
    assert handle.execute("select 1").fetchall()[0][0] == 1


def test_the_connection_that_cancels_keeps_working_and_a_second_canceller_keeps_neither(handle: Any) -> None:
    """dbt runs the on-run-end hooks on `master` after --fail-fast's cancel from it."""
    handle.invocation_id = get_invocation_id()
    native.cancel_invocation_jobs(get_invocation_id(), "master")
    handle.node = "master"
    assert handle.execute("select 1").fetchall()[0][0] == 1
    handle.node = "model.shop.after_the_cancel"
    with pytest.raises(DbtRuntimeError, match="model.shop.after_the_cancel starts no new Spark work"):
        handle.execute("select 1")
    native.cancel_invocation_jobs(get_invocation_id(), "other")
    handle.node = "master"
    with pytest.raises(DbtRuntimeError, match="master starts no new Spark work"):
        handle.execute("select 1")
    reset_invocation_id()


def test_cancelling_stops_the_invocations_running_job_and_leaves_other_work_running(
    spark: Any, handle: Any
) -> None:
    handle.invocation_id = get_invocation_id()
    handle.node = "model.shop.endless"
    failure: list[BaseException] = []

    def run_model() -> None:
        try:
            handle.execute(ENDLESS_QUERY).fetchall()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            failure.append(error)

    def other_work() -> None:  # the attached parent's own job, in its own job group
        spark.sparkContext.setJobGroup("parent-work", "not dbt's", interruptOnCancel=True)
        try:
            spark.sql(ENDLESS_QUERY).collect()
        except Exception:  # noqa: BLE001 - cancelled at the end of the test
            pass

    model = threading.Thread(target=run_model)
    parent = threading.Thread(target=other_work)
    model.start()
    parent.start()
    tracker = spark.sparkContext.statusTracker()
    model_group = f"dbt-session-{get_invocation_id()}:model.shop.endless"
    deadline = time.monotonic() + 300
    while not (jobs_of_group(spark, model_group) and jobs_of_group(spark, "parent-work")):
        assert time.monotonic() < deadline, "the jobs never started"
        time.sleep(0.2)

    try:
        native.cancel_invocation_jobs(get_invocation_id())
        model.join(timeout=30)
        assert not model.is_alive(), "the model's statement was not cancelled"
        assert failure and isinstance(failure[0], DbtDatabaseError)
        (parent_job,) = jobs_of_group(spark, "parent-work")
        assert tracker.getJobInfo(parent_job).status == "RUNNING"
    finally:
        spark.sparkContext.cancelJobGroup("parent-work")
        parent.join(timeout=60)


@pytest.mark.skipif(
    int(pyspark.__version__.split(".")[0]) < 4,
    reason="a Python UDTF's analyze(), the planning delay this test needs, came with Spark 4.0",
)
def test_a_statement_still_being_planned_at_the_cancel_is_cancelled_once_its_job_starts(
    spark: Any, handle: Any
) -> None:
    """--fail-fast's cancel finds no job of a statement Spark is still analysing; the job it
    starts afterwards is cancelled too, while the canceller's own work goes on."""
    from pyspark.sql.functions import udtf
    from pyspark.sql.types import IntegerType, StructType
    from pyspark.sql.udtf import AnalyzeResult

    @udtf
    class SlowToPlan:
        @staticmethod
        def analyze() -> AnalyzeResult:  # runs while Spark analyses the statement
            time.sleep(4)
            return AnalyzeResult(StructType().add("x", IntegerType()))

        def eval(self) -> Iterator[tuple[int]]:
            yield (1,)

    handle.spark.udtf.register("slow_to_plan", SlowToPlan)
    handle.invocation_id = get_invocation_id()
    handle.node = "model.shop.planned_late"
    failure: list[BaseException] = []

    def run_model() -> None:
        try:  # a command: spark.sql analyses it, then runs its job, in one call
            handle.execute(
                "create or replace table planned_late using delta as "
                "select sum(id % 7) as total from range(0, 1000000000000) cross join slow_to_plan()"
            )
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            failure.append(error)

    model = threading.Thread(target=run_model)
    model.start()
    group = f"dbt-session-{get_invocation_id()}:model.shop.planned_late"
    time.sleep(1)
    try:
        assert not jobs_of_group(spark, group), "the statement's job started before the cancel"
        assert native.cancel_invocation_jobs(get_invocation_id(), "master")
        model.join(timeout=60)
        assert not model.is_alive(), "the job started after the cancel was not cancelled"
        assert failure and isinstance(failure[0], DbtDatabaseError)
        assert jobs_of_group(spark, group), "the statement's job had started"
    finally:
        spark.sparkContext.cancelJobGroup(group)
        model.join(timeout=60)


def test_a_python_model_running_python_code_at_the_cancel_stops_with_the_cancels_reason(spark: Any) -> None:
    code = "import time\nwhile True:\n    time.sleep(0.01)\n"
    failure: list[BaseException] = []

    def run_model() -> None:
        try:
            native.run_python_model(code, get_invocation_id(), "model.shop.loops", "models/loops.py", "", 1, lambda _: None)
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            failure.append(error)

    model = threading.Thread(target=run_model)
    model.start()
    time.sleep(1)
    native.cancel_invocation_jobs(get_invocation_id(), "master")
    model.join(timeout=30)
    assert not model.is_alive(), "the model's loop went on after the cancel"
    assert failure and isinstance(failure[0], DbtRuntimeError)  # an Exception, as dbt's workers need
    assert "dbt cancelled the run's work" in str(failure[0])
    assert "Python model model.shop.loops was stopped" in str(failure[0])


class ConnectLikeChannel:
    """The client's connection settings; no pinned server session id, so every session state
    made from it is a server session of its own (bindings/session_state.cpp)."""

    session_id = None

    def __init__(self) -> None:
        self.sessions: list["ConnectLikeSession"] = []


class ConnectLikeClient:
    def __init__(self, channel: ConnectLikeChannel) -> None:
        self._builder = channel
        self.released = False

    def release_session(self) -> None:
        self.released = True

    def close(self) -> None:
        pass


class ConnectLikeSession:
    """What the bindings use of a Spark Connect session (no `_jsparkSession`): per-session tags,
    and new session states made from the client's channel."""

    def __init__(self, connection: Optional[ConnectLikeChannel] = None) -> None:
        channel = connection or ConnectLikeChannel()
        channel.sessions.append(self)
        self._client = self.client = ConnectLikeClient(channel)
        self.tags: set[str] = set()
        self.seen: list[set[str]] = []
        self.interrupted: list[str] = []
        self.conf = type("Conf", (), {"get": staticmethod(lambda key, default=None: default)})()

    def clearTags(self) -> None:  # noqa: N802 - PySpark's name
        self.tags.clear()

    def addTag(self, tag: str) -> None:  # noqa: N802
        self.tags.add(tag)

    def interruptTag(self, tag: str) -> list[str]:  # noqa: N802
        self.interrupted.append(tag)
        return []


def test_on_spark_connect_jobs_carry_the_invocation_and_node_tags_and_cancel_interrupts_every_session_state(
    spark: Any,
) -> None:
    remote = ConnectLikeSession()
    native.use_session(remote)
    try:
        native.run_python_model(
            "spark.seen.append(set(spark.tags))",
            get_invocation_id(),
            "model.shop.remote",
            "models/remote.py",
            "",
            1,
            lambda _: None,
        )
        root, model_state = remote._client._builder.sessions
        invocation = f"dbt-session-{get_invocation_id()}"
        assert model_state.seen == [{invocation, "dbt-node-model.shop.remote"}]
        assert model_state.client.released, "the model's server session ends with the model"
        assert native.cancel_invocation_jobs(get_invocation_id())
        # Connect tags belong to one server session: the cancel reaches the root and every state.
        assert root.interrupted == [invocation]
        assert model_state.interrupted == [invocation]
    finally:
        native.use_session(spark)


def test_each_threads_statements_run_in_its_own_fair_scheduler_pool(spark: Any, handle: Any) -> None:
    assert spark.sparkContext.getConf().get("spark.scheduler.mode") == "FAIR"  # the host's setting
    pools: dict[str, Optional[str]] = {}

    def run_statement(name: str) -> None:
        # Spark keeps the pool per thread (a local property): read it back in the same thread.
        handle.execute("select count(*) from range(10)").fetchall()
        pools[name] = spark.sparkContext.getLocalProperty("spark.scheduler.pool")

    threads = [threading.Thread(target=run_statement, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
        thread.join()
    assert all(pool and pool.startswith("dbt-session-thread-") for pool in pools.values())
    assert pools["a"] != pools["b"]
    # The FAIR scheduler makes a pool when the first job names it: the jobs ran in these pools.
    for pool in pools.values():
        assert spark.sparkContext._jsc.sc().getPoolForName(pool).isDefined()
