"""Each statement's adapter response (dbt_session.responses): rows_affected from Delta for the
model's own table, the model's Spark work, nothing looked up for other tables or formats."""

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, Optional

import pytest
from dbt_common.invocation import get_invocation_id, reset_invocation_id

from dbt_session import responses


def model(schema: str, name: str, **config: Any) -> Any:
    return SimpleNamespace(
        unique_id=f"model.p.{name}", database="hive_metastore", schema=schema, alias=name,
        name=name, config={"materialized": "table", **config},
    )


@pytest.fixture
def building(handle: Any, schema: str) -> Iterator[Any]:
    """A handle working for model.p.m, as dbt's thread between pre_ and post_model_hook."""
    reset_invocation_id()
    handle.invocation_id = get_invocation_id()
    handle.node = "model.p.m"
    responses.begin_node(model(schema, "m"))
    yield handle
    responses.finish_node()


def test_a_ctas_of_the_models_table_reports_the_rows_delta_wrote(building: Any, schema: str) -> None:
    response = building.execute(
        f"create or replace table hive_metastore.{schema}.m using delta as select id from range(42)"
    ).get_response()
    assert response.rows_affected == 42
    assert response.delta_operation == "CREATE OR REPLACE TABLE AS SELECT"
    assert str(response) == "OK 42"


def test_an_insert_into_the_models_table_reports_its_rows(building: Any, schema: str) -> None:
    building.execute(f"create or replace table `hive_metastore`.`{schema}`.`m` (id bigint) using delta")
    response = building.execute(f"insert into `hive_metastore`.`{schema}`.`m` select id from range(7)").get_response()
    assert response.rows_affected == 7
    assert response.delta_operation == "WRITE"


def test_a_write_to_another_table_is_not_looked_up(building: Any, schema: str) -> None:
    response = building.execute(
        f"create or replace table hive_metastore.{schema}.other using delta as select 1 as id"
    ).get_response()
    assert response.rows_affected is None
    assert response.delta_operation is None
    assert str(response) == "OK"


class CursorThatMustNotLookUp:
    query_id = "q"

    def affected_rows(self) -> Optional[int]:
        return None

    def written_table(self) -> list[str]:
        return ["hive_metastore", "s", "m"]

    def last_commit(self) -> Any:
        raise AssertionError("a non-Delta table's history was looked up")


def test_a_parquet_model_never_has_its_history_looked_up() -> None:
    responses.begin_node(model("s", "m", file_format="parquet"))
    try:
        assert responses.response_for(CursorThatMustNotLookUp()).rows_affected is None
    finally:
        responses.finish_node()


def test_a_statement_outside_a_model_is_not_looked_up() -> None:
    assert responses.response_for(CursorThatMustNotLookUp()).rows_affected is None


def test_the_models_responses_carry_the_spark_jobs_of_its_job_group(handle: Any, schema: str) -> None:
    reset_invocation_id()
    handle.invocation_id = get_invocation_id()
    handle.node = "model.p.jobs"
    responses.begin_node(model(schema, "jobs"))
    response = handle.execute(
        f"create or replace table hive_metastore.{schema}.jobs using delta as select id from range(1000)"
    ).get_response()
    responses.finish_node()
    assert response.spark_job_ids
    assert response.spark_task_time_ms >= 0
    assert response.spark_bytes_written > 0
    assert response.spark_job_time_ms > 0
    assert "spark_job_ids" in response.to_dict(omit_none=True)


@pytest.mark.parametrize(
    ("metrics", "rows"),
    [
        ({"numOutputRows": "5", "numFiles": "1"}, 5),
        # REPLACE WHERE: 905 rows written, 900 of them the untouched rows of the files it replaced.
        ({"numOutputRows": "905", "numCopiedRows": "900", "numDeletedRows": "100"}, 5),
        ({"numTargetRowsInserted": "2", "numTargetRowsUpdated": "3", "numTargetRowsDeleted": "1"}, 6),
        ({"numDeletedRows": "4"}, 4),
        ({"numFiles": "1"}, None),
    ],
)
def test_rows_written_reads_each_operations_own_metric(metrics: dict[str, str], rows: Optional[int]) -> None:
    assert responses.rows_written(metrics) == rows
