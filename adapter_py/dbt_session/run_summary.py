"""The host's one line at the end of a run: how much of the nodes' time (models, tests,
snapshots) Spark's jobs took, and the slowest nodes (from dbt's results and the responses of
dbt_session.responses)."""

from typing import Any, Optional

SLOWEST = 3


def _label(node: Any) -> str:
    """The node's name; a versioned model's with its version, as dbt's selectors write it
    (`customers.v2`): its versions share the name."""
    version = getattr(node, "version", None)
    return node.name if version is None else f"{node.name}.v{version}"


def describe(result: Any) -> Optional[str]:
    """`Spark jobs 12.3s of 45.6s in 8 nodes (33.3s outside jobs: query planning, the
    metastore, dbt); slowest: orders 8.1s (Spark 7.0s), …`, or None for a command that built
    no model with Spark work (parse, ls, a failed start). A node's time outside Spark's jobs is
    mostly the driver's (each statement's analysis and planning, metastore and Delta log
    calls), not dbt's Python."""
    timed = []
    for node_result in getattr(result, "results", None) or []:
        node = getattr(node_result, "node", None)
        spark_ms = (getattr(node_result, "adapter_response", None) or {}).get("spark_job_time_ms")
        if node is not None and spark_ms is not None:
            timed.append((_label(node), float(node_result.execution_time or 0.0), spark_ms / 1000))
    if not timed:
        return None
    total = sum(seconds for _, seconds, _ in timed)
    spark = sum(spark for _, _, spark in timed)
    slowest = sorted(timed, key=lambda entry: entry[1], reverse=True)[:SLOWEST]
    return (
        f"Spark jobs {spark:.1f}s of {total:.1f}s in {len(timed)} node{'' if len(timed) == 1 else 's'} "
        f"({max(total - spark, 0.0):.1f}s outside jobs: query planning, the metastore, dbt); slowest: "
        + ", ".join(f"{name} {seconds:.1f}s (Spark {spark:.1f}s)" for name, seconds, spark in slowest)
    )
