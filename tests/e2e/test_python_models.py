"""Python models run in the session (`submission_method: session`): good ones next to broken
ones, in one invocation; every broken one fails alone with an error naming it."""

from pathlib import Path

import pytest

from conftest import RunDbtSession, jvms_using
from projects import session_target, write_project

MODELS = {
    "upstream.sql": "{{ config(materialized='table') }}\nselect id, id * 10 as amount from range(1, 6)",
    # A table Python model reading a SQL model; print() and warnings go to dbt's debug log.
    "good_table.py": """
import warnings

def model(dbt, session):
    df = dbt.ref("upstream")
    print("good_table saw", df.count(), "rows")
    warnings.warn("good_table advice", UserWarning)
    return df.withColumnRenamed("amount", "doubled_amount").selectExpr("id", "doubled_amount * 2 as doubled_amount")
""",
    # A SQL model downstream of the Python model.
    "downstream.sql": "select sum(doubled_amount) as total from {{ ref('good_table') }}",
    # pandas in, Spark table out.
    "from_pandas.py": """
import pandas as pd

def model(dbt, session):
    return pd.DataFrame({"letter": ["a", "b"], "n": [1, 2]})
""",
    # Leaves a temp view and a conf change behind; `isolated` runs after it and must see neither.
    "leaves_state.py": """
def model(dbt, session):
    session.range(3).createOrReplaceTempView("leftover_view")
    session.conf.set("spark.sql.shuffle.partitions", "7")
    return session.range(1)
""",
    "isolated.py": """
def model(dbt, session):
    dbt.ref("leaves_state")
    return session.createDataFrame(
        [(session.catalog.tableExists("leftover_view"), session.conf.get("spark.sql.shuffle.partitions"))],
        "saw_view boolean, partitions string",
    )
""",
    "explicit_session.py": """
def model(dbt, session):
    dbt.config(submission_method="session")
    return session.range(2)
""",
    "raises.py": """
def helper():
    raise ValueError("the input is not what I expected")

def model(dbt, session):
    helper()
    return session.range(1)
""",
    "returns_none.py": "def model(dbt, session):\n    return None\n",
    "stops_spark.py": "def model(dbt, session):\n    session.stop()\n    return session.range(1)\n",
    "asks_for_api.py": "def model(dbt, session):\n    dbt.config(submission_method='job_cluster')\n    return session.range(1)\n",
    # Runs after stops_spark's attempt (alphabetically later, no dependency): Spark is alive.
    "zz_after_stop.py": "def model(dbt, session):\n    return session.range(4)\n",
}

FAILING = ["raises", "returns_none", "stops_spark", "asks_for_api"]

# Singular data tests (each fails when it returns rows) that read the good models' tables in
# the same build, after the models they name.
DATA_TESTS = {
    "sql_python_sql_dependencies_give_the_right_tables.sql": (
        "select * from (select (select total from {{ ref('downstream') }}) as downstream_total,\n"
        "  (select count(*) from {{ ref('from_pandas') }}) as pandas_rows,\n"
        "  (select count(*) from {{ ref('explicit_session') }}) as explicit_rows,\n"
        "  (select count(*) from {{ ref('zz_after_stop') }}) as after_stop_rows)\n"
        "where not (downstream_total = 300 and pandas_rows = 2 and explicit_rows = 2 and after_stop_rows = 4)\n"
    ),
    "one_models_temp_views_and_conf_do_not_reach_the_next.sql": (
        "select * from (select count(*) as n, max(cast(saw_view as int)) as saw_view,\n"
        "  max(partitions) as partitions from {{ ref('isolated') }})\n"
        "where not (n = 1 and saw_view = 0 and partitions != '7')\n"
    ),
}


@pytest.fixture(scope="module")
def python_project(run_dbt_session: RunDbtSession, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    project = write_project(tmp_path_factory.mktemp("python") / "p", "python_models",
                            session_target("e2e_python_models"),
                            {**{f"models/{name}": body for name, body in MODELS.items()},
                             **{f"tests/{name}": body for name, body in DATA_TESTS.items()}})
    run = run_dbt_session(["build", "--profiles-dir", "."], cwd=project)
    log = (project / "logs" / "dbt.log").read_text()
    return project, run.stdout + run.stderr + f"\nexit code {run.returncode}", log


def section(output: str, model: str) -> str:
    """The summary block dbt prints for a failed model (dbt-core 1.12: `[ERROR]: in model <name> (<path>)`)."""
    marker = f"]: in model {model} ("
    assert marker in output, f"no failure reported for {model}:\n{output}"
    return output.split(marker, 1)[1].split("]: in model ", 1)[0]


def test_the_run_exits_1_with_exactly_the_broken_models_failed(python_project: tuple[Path, str, str]) -> None:
    _, output, _ = python_project
    assert "exit code 1" in output
    assert f"ERROR={len(FAILING)}" in output
    assert f"PASS={len(MODELS) - len(FAILING) + len(DATA_TESTS)}" in output
    assert "Traceback (most recent call last)" not in output


def test_sql_python_sql_dependencies_produce_the_right_tables(python_project: tuple[Path, str, str]) -> None:
    assert "PASS sql_python_sql_dependencies_give_the_right_tables" in python_project[1]


def test_temp_views_and_conf_of_one_model_do_not_reach_the_next(python_project: tuple[Path, str, str]) -> None:
    assert "PASS one_models_temp_views_and_conf_do_not_reach_the_next" in python_project[1]


def test_print_output_reaches_the_debug_log_not_the_console(python_project: tuple[Path, str, str]) -> None:
    _, output, log = python_project
    assert "model.python_models.good_table: good_table saw 5 rows" in log
    assert "good_table saw" not in output


def test_warnings_reach_the_debug_log_with_the_model_name_not_the_console(
    python_project: tuple[Path, str, str]
) -> None:
    _, output, log = python_project
    assert "model.python_models.good_table: UserWarning: good_table advice (models/good_table.py, line 7)" in log
    assert "good_table advice" not in output


def test_an_exception_shows_the_users_frames_and_message(python_project: tuple[Path, str, str]) -> None:
    text = section(python_project[1], "raises")
    assert "Python model model.python_models.raises (models/raises.py) failed" in text
    # Numbered as in the user's file (which starts with a blank line), dbt's code left out.
    assert 'models/raises.py, line 3, in helper: raise ValueError("the input is not what I expected")' in text
    assert "models/raises.py, line 6, in model: helper()" in text
    assert "<module>" not in text
    assert "ValueError: the input is not what I expected" in text


def test_returning_something_other_than_a_dataframe_says_what_to_return(python_project: tuple[Path, str, str]) -> None:
    text = section(python_project[1], "returns_none")
    assert "NoneType" in text
    assert "model() must return a DataFrame" in text


def test_spark_stop_is_refused_and_later_models_still_run(python_project: tuple[Path, str, str]) -> None:
    text = section(python_project[1], "stops_spark")
    assert "called spark.stop()" in text


def test_an_api_submission_method_under_a_session_profile_names_the_model_and_the_ways_out(
    python_project: tuple[Path, str, str]
) -> None:
    text = section(python_project[1], "asks_for_api")
    assert "model.python_models.asks_for_api asks for submission_method 'job_cluster'" in text
    assert "set it to 'session'" in text and "`method: dbsql` target" in text


@pytest.mark.parametrize(
    ("source", "dbt_says"),
    [
        ("def model(dbt, session)\n    return session.range(1)\n", "expected ':' (unparsable.py, line 1)"),
        ("def not_the_model(dbt, session):\n    return session.range(1)\n",
         "dbt allows exactly one model defined per python file, found 0"),
    ],
)
def test_a_file_dbt_cannot_parse_is_reported_by_dbt_naming_it_and_the_spark_start_ends(
    run_dbt_session: RunDbtSession, storage_home: Path, tmp_path: Path, source: str, dbt_says: str
) -> None:
    # dbt's parser reads every Python model with `ast` first: such a file stops the run at
    # parse time (exit 2), before any model runs or any table changes. `run` always queries, so
    # Spark was starting beside the parse: that start is ended, and says nothing.
    project = write_project(tmp_path / "p", "python_parse", session_target("e2e_python_parse"),
                            {"models/unparsable.py": source})
    run = run_dbt_session(["run", "--profiles-dir", "."], cwd=project)
    assert run.returncode == 2
    assert "unparsable.py" in run.output
    assert dbt_says in run.output
    assert run.started_spark
    assert "could not start Spark" not in run.output and "Traceback" not in run.output
    assert jvms_using(storage_home) == [], "the driver JVM of the abandoned start outlived the run"
