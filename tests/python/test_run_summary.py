"""The host's end-of-run line (dbt_session.run_summary)."""

from types import SimpleNamespace
from typing import Any, Optional

from dbt_session import run_summary


def node_result(name: str, seconds: float, spark_ms: Optional[int]) -> Any:
    response = {} if spark_ms is None else {"spark_job_time_ms": spark_ms}
    return SimpleNamespace(node=SimpleNamespace(name=name), execution_time=seconds, adapter_response=response)


def test_the_line_sums_spark_and_dbt_time_and_names_the_three_slowest_models() -> None:
    result = SimpleNamespace(results=[
        node_result("a", 1.0, 500), node_result("b", 4.0, 3000), node_result("c", 2.0, 1500),
        node_result("d", 3.0, 2000), node_result("no_spark_fields", 9.0, None),
    ])
    assert run_summary.describe(result) == (
        "Spark jobs 7.0s of 10.0s in 4 nodes (3.0s outside jobs: query planning, the metastore, dbt); "
        "slowest: "
        "b 4.0s (Spark 3.0s), d 3.0s (Spark 2.0s), c 2.0s (Spark 1.5s)"
    )


def test_one_node_is_counted_in_the_singular() -> None:
    line = run_summary.describe(SimpleNamespace(results=[node_result("only", 2.0, 1000)]))
    assert line is not None and line.startswith("Spark jobs 1.0s of 2.0s in 1 node (1.0s outside jobs")


def test_the_versions_of_a_model_are_told_apart() -> None:
    versions = [node_result("customers", 3.0, 1000), node_result("customers", 2.0, 500)]
    versions[0].node.version, versions[1].node.version = 1, 2
    line = run_summary.describe(SimpleNamespace(results=versions))
    assert line is not None and line.endswith("customers.v1 3.0s (Spark 1.0s), customers.v2 2.0s (Spark 0.5s)")


def test_a_command_without_model_results_prints_nothing() -> None:
    assert run_summary.describe(None) is None
    assert run_summary.describe(SimpleNamespace(results=[])) is None
