"""The C++ Python-model runner (native.run_python_model) and the session job helper."""

import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from dbt_common.exceptions import DbtRuntimeError

from dbt_session.native import native
from dbt_session.python_job import SessionPythonJobHelper, first_line_of


def run(code: str, log: Any = None, source: str = "", source_line: int = 1, name: str = "m") -> None:
    native.run_python_model(
        code, "invocation", f"model.pkg.{name}", f"models/{name}.py", source, source_line, log or (lambda _: None)
    )


def test_each_model_gets_fresh_globals_holding_spark(spark: Any) -> None:
    run("import builtins\nleaked = 42\nbuiltins.__dbt_seen_spark = spark")
    seen: list[str] = []
    run("print('leaked' in globals())", log=seen.append)
    assert seen == ["model.pkg.m: False"]
    import builtins

    assert builtins.__dbt_seen_spark is not spark  # its own session state, not the root
    assert builtins.__dbt_seen_spark.sparkContext is spark.sparkContext
    del builtins.__dbt_seen_spark


def test_functions_defined_by_the_model_see_its_globals(spark: Any) -> None:
    # dbt's dbtObj lambdas look up ref/source in module globals: one dict for both.
    seen: list[str] = []
    run("VALUE = 3\ndef helper():\n    return VALUE * 2\nprint(helper())", log=seen.append)
    assert seen == ["model.pkg.m: 6"]


def test_a_function_the_model_registers_with_atexit_still_sees_its_globals(spark: Any) -> None:
    import atexit
    import builtins

    run("import atexit, builtins\nREPORT = 'written at exit'\ndef report():\n    return REPORT\n"
        "atexit.register(report)\nbuiltins.__dbt_exit_function = report")
    report = builtins.__dbt_exit_function
    del builtins.__dbt_exit_function
    atexit.unregister(report)
    assert report() == "written at exit"  # the host runs it when the process ends


def test_print_takes_the_builtin_arguments_and_goes_to_the_log(spark: Any) -> None:
    seen: list[str] = []
    run("print('a', 1, sep='-', end='!\\n')", log=seen.append)
    assert seen == ["model.pkg.m: a-1!"]


def test_a_models_warnings_go_to_its_log_and_other_warnings_stay_put(spark: Any) -> None:
    seen: list[str] = []
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        code = "import warnings\nwarnings.warn('use index_col', UserWarning)"
        run(code, log=seen.append, name="advised")
        warnings.warn("outside any model", UserWarning, stacklevel=1)
    assert seen == ["model.pkg.advised: UserWarning: use index_col (models/advised.py, line 2)"]
    assert [str(warning.message) for warning in shown] == ["outside any model"]


def test_a_warning_from_dbts_generated_code_is_not_given_a_line_of_the_users_file(spark: Any) -> None:
    # The user's 2-line file sits at compiled lines 3-4; line 6 is dbt-databricks' tail.
    source = "import warnings\nwarnings.warn('in the file', UserWarning)"
    compiled = "\n\n" + source + "\n\nwarnings.warn('in the tail', UserWarning)\n"
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        run(compiled, log=seen.append, source=source, source_line=1, name="tail")
    assert seen == [
        "model.pkg.tail: UserWarning: in the file (models/tail.py, line 2)",
        "model.pkg.tail: UserWarning: in the tail (dbt-databricks' generated code for models/tail.py)",
    ]


def test_what_a_model_changes_in_the_interpreter_is_put_back_when_it_ends(
    spark: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    import logging
    import os
    import sys

    monkeypatch.chdir(tmp_path)
    before = (os.getcwd(), dict(os.environ), list(sys.path), list(warnings.filters),
              logging.getLogger().level, list(logging.getLogger().handlers), sys.getrecursionlimit(),
              sys.stdout)
    run("import io, logging, os, sys, warnings\n"
        "warnings.simplefilter('error')\n"
        "logging.basicConfig(level=logging.DEBUG)\n"
        "os.chdir('/')\n"
        "os.environ['PYSPARK_PYTHON'] = 'nowhere'\n"
        "os.environ.pop('PATH')\n"
        "sys.path.insert(0, '/nonexistent')\n"
        "sys.setrecursionlimit(50000)\n"
        "sys.stdout = io.StringIO()\n")
    after = (os.getcwd(), dict(os.environ), list(sys.path), list(warnings.filters),
             logging.getLogger().level, list(logging.getLogger().handlers), sys.getrecursionlimit(),
             sys.stdout)
    assert after == before


def test_a_model_may_not_stop_the_runs_session_or_its_spark_context(spark: Any) -> None:
    for call, named in (("spark.sparkContext.stop()", "the SparkContext.stop()"),
                        ("from pyspark.sql import SparkSession\nSparkSession.builder.getOrCreate().stop()",
                         "the run's SparkSession.stop()")):
        with pytest.raises(DbtRuntimeError) as raised:
            run(call, name="stopper")
        assert f"Python model model.pkg.stopper called {named}" in str(raised.value)
    assert spark.range(3).count() == 3  # still running: the host stops it at the end


def test_a_keyboard_interrupt_the_models_code_raises_is_its_error_with_the_line(spark: Any) -> None:
    source = "def model(dbt, session):\n    raise KeyboardInterrupt('from the model')"
    with pytest.raises(DbtRuntimeError) as raised:
        run(source + "\nmodel(None, spark)\n", source=source, name="raises")
    message = str(raised.value)
    assert "models/raises.py, line 2, in model" in message
    assert "KeyboardInterrupt: from the model" in message
    assert "was interrupted" not in message


def test_a_recursion_error_shows_the_repeated_frame_three_times_then_the_count(spark: Any) -> None:
    source = "def f(n):\n    return f(n + 1)\n\ndef model(dbt, session):\n    return f(0)"
    with pytest.raises(DbtRuntimeError) as raised:
        run(source + "\nmodel(None, spark)\n", source=source, name="recurses")
    message = str(raised.value)
    assert message.count("models/recurses.py, line 2, in f: return f(n + 1)") == 3
    assert "  [Previous line repeated " in message and " more times]" in message
    assert "RecursionError: maximum recursion depth exceeded" in message
    assert len(message.splitlines()) < 12


@pytest.mark.parametrize(("dtype", "fix"), [
    ("pd.DatetimeTZDtype(tz='UTC')",
     "df[c] = df[c].dt.tz_convert('UTC').dt.tz_localize(None).astype('datetime64[ns]')"),
    # pandas 2 keeps other units: a naive microsecond column is refused as well.
    ("np.dtype('datetime64[us]')", "df[c] = df[c].astype('datetime64[ns]')"),
], ids=["aware", "microseconds"])
def test_a_pandas_timestamp_pandas_on_spark_refuses_gets_the_conversion_that_fits(
    spark: Any, dtype: str, fix: str
) -> None:
    # What dbt-databricks' tail meets converting such a pandas DataFrame to pandas-on-Spark.
    code = ("import numpy as np\nimport pandas as pd\nfrom pyspark.pandas.typedef import as_spark_type\n"
            f"as_spark_type({dtype})")
    with pytest.raises(DbtRuntimeError) as raised:
        run(code, name="timestamps")
    message = str(raised.value)
    assert "was not understood." in message
    assert "whose only timestamps are naive nanosecond ones (datetime64[ns])" in message
    assert f"({fix})" in message, message


def test_the_suggested_conversions_give_columns_pandas_on_spark_takes() -> None:
    import pandas as pd
    from pyspark.pandas.typedef import as_spark_type

    naive = pd.Series(pd.to_datetime(["2024-01-01 10:00:00"])).astype("datetime64[us]")
    aware = naive.dt.tz_localize("Europe/Paris")
    assert str(as_spark_type(naive.astype("datetime64[ns]").dtype)) == "TimestampType()"
    converted = aware.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[ns]")
    assert str(as_spark_type(converted.dtype)) == "TimestampType()"
    assert str(converted.iloc[0]) == "2024-01-01 09:00:00"


def test_pandas_on_spark_refusing_ansi_mode_gets_the_two_ways_that_work(spark: Any) -> None:
    # pandas-on-Spark checks ANSI mode on the root session (pyspark's default), whatever the
    # model's own session says; ANSI is Spark 4's default and set here for Spark 3.5 too.
    previous = spark.conf.get("spark.sql.ansi.enabled")
    spark.conf.set("spark.sql.ansi.enabled", "true")
    try:
        with pytest.raises(DbtRuntimeError) as raised:
            run("import pyspark.pandas as ps\nps.DataFrame({'a': [1]})", name="on_ansi")
    finally:
        spark.conf.set("spark.sql.ansi.enabled", previous)
    message = str(raised.value)
    assert "PANDAS_API_ON_SPARK_FAIL_ON_ANSI_MODE" in message
    assert "set_option('compute.fail_on_ansi_mode', False)" in message
    assert "--conf spark.sql.ansi.enabled=false" in message


def test_temp_views_and_conf_of_a_model_end_with_it(spark: Any) -> None:
    run("spark.range(2).createOrReplaceTempView('model_only_view')\n"
        "spark.conf.set('spark.sql.session.timeZone', 'Asia/Kolkata')")
    assert not spark.catalog.tableExists("model_only_view")
    assert spark.conf.get("spark.sql.session.timeZone") != "Asia/Kolkata"


def test_an_exception_names_the_model_and_numbers_lines_as_in_the_file(spark: Any) -> None:
    source = "def model(dbt, session):\n    return 1 / 0"
    compiled = "\n\n" + source + "\n\nmodel(None, spark)\n"
    with pytest.raises(DbtRuntimeError) as raised:
        run(compiled, source=source, source_line=4, name="divides")
    message = str(raised.value)
    assert "Python model model.pkg.divides (models/divides.py) failed:" in message
    assert "models/divides.py, line 5, in model: return 1 / 0" in message
    assert "ZeroDivisionError: division by zero" in message
    assert "<module>" not in message  # dbt's generated code is not the user's
    assert isinstance(raised.value.__cause__, ZeroDivisionError)


def test_code_that_fails_after_the_model_returned_is_numbered_as_in_the_file(spark: Any) -> None:
    """A thread's or an atexit function's traceback, which Python prints itself."""
    import atexit
    import builtins
    import traceback

    source = "def later():\n    return 1 / 0\nimport atexit, builtins\natexit.register(later)\nbuiltins.__dbt_later = later"
    run("\n\n\n" + source + "\n\n# dbt's code\n", source=source, source_line=10, name="later")
    later = builtins.__dbt_later
    del builtins.__dbt_later
    atexit.unregister(later)
    with pytest.raises(ZeroDivisionError) as raised:
        later()
    frame = traceback.extract_tb(raised.value.__traceback__)[-1]
    assert (frame.filename, frame.lineno, frame.line) == ("models/later.py (model.pkg.later)", 11, "return 1 / 0")


def test_text_utf8_cannot_hold_reaches_the_log_and_the_error_escaped(spark: Any) -> None:
    # A lone surrogate: how Python decodes bytes that are not UTF-8 in a file name
    # (surrogateescape). The model's error was lost to pybind11's "Unable to cast".
    seen: list[str] = []
    source = "print('name \\udcff')\nraise ValueError('no file b\\udcffd.csv')"
    with pytest.raises(DbtRuntimeError) as raised:
        run(source, log=seen.append, source=source, name="undecodable")
    assert seen == ["model.pkg.undecodable: name \\udcff"]
    message = str(raised.value)
    assert "models/undecodable.py, line 2, in <module>: raise ValueError('no file b\\udcffd.csv')" in message
    assert "ValueError: no file b\\udcffd.csv" in message


def test_a_udfs_error_from_the_python_worker_is_numbered_as_in_the_file(spark: Any) -> None:
    source = ("from pyspark.sql.functions import udf\n\n@udf('string')\ndef boom(x):\n"
              "    raise ValueError(f'bad value {x}')\n\ndef model(dbt, session):\n"
              "    return session.range(1).select(boom('id'))")
    compiled = "\n  \n    \n" + source + "\n\nmodel(None, spark).collect()\n"
    with pytest.raises(DbtRuntimeError) as raised:
        run(compiled, source=source, source_line=2, name="udf_raises")
    message = str(raised.value)
    assert "PythonException" in message and "ValueError: bad value 0" in message
    # The worker ran the compiled code; its frame names the user's file and line 6 there.
    assert 'File "models/udf_raises.py", line 6, in boom' in message, message
    assert "(model.pkg.udf_raises)" not in message


def test_a_spark_error_in_a_model_keeps_the_error_class_without_the_plan(spark: Any) -> None:
    with pytest.raises(DbtRuntimeError) as raised:
        run("spark.table('no_such_schema.no_such_table').collect()")
    message = str(raised.value)
    assert "[TABLE_OR_VIEW_NOT_FOUND]" in message
    assert "'UnresolvedRelation" not in message


def test_spark_stop_is_refused_and_the_session_survives(spark: Any) -> None:
    with pytest.raises(DbtRuntimeError, match=r"called spark\.stop\(\)"):
        run("spark.stop()", name="stopper")
    assert spark.range(3).count() == 3


def test_first_line_of_finds_where_dbt_raw_code_starts_in_the_file(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "m.py").write_text("\n\n# comment\ndef model(dbt, session):\n    pass\n")
    assert first_line_of("# comment\ndef model(dbt, session):\n    pass", tmp_path, "models/m.py") == 3
    assert first_line_of("not in the file", tmp_path, "models/m.py") == 1
    assert first_line_of("anything", tmp_path, "models/missing.py") == 1


def helper_for(name: str, config: dict[str, Any]) -> SessionPythonJobHelper:
    return SessionPythonJobHelper(
        {"unique_id": f"model.pkg.{name}", "original_file_path": f"models/{name}.py", "raw_code": "",
         "alias": name, "config": config},
        credentials=None,
    )


def test_the_helper_warns_that_packages_are_not_installed(spark: Any, monkeypatch: Any) -> None:
    warnings: list[str] = []
    monkeypatch.setattr("dbt_session.python_job.logger.warning", warnings.append)
    helper_for("p", {"packages": ["scikit-learn"]}).submit("x = 1")
    assert len(warnings) == 1
    assert "model.pkg.p" in warnings[0] and "scikit-learn" in warnings[0]
    warnings.clear()
    helper_for("q", {}).submit("x = 1")
    assert warnings == []


def test_the_timeout_is_read_as_dbt_databricks_reads_it() -> None:
    assert helper_for("p", {}).timeout == 24 * 60 * 60
    assert helper_for("p", {"timeout": 30}).timeout == 30


def test_a_model_with_a_timeout_releases_its_globals_when_it_returns(spark: Any) -> None:
    """The deadline's own thread is not one the model left running (which keeps them)."""
    import builtins

    helper_for("quick", {"timeout": 60}).submit(
        "import builtins\nVALUE = 1\ndef value():\n    return VALUE\nbuiltins.__dbt_value = value"
    )
    value = builtins.__dbt_value
    del builtins.__dbt_value
    with pytest.raises(NameError):
        value()


@pytest.mark.parametrize(
    "work",
    ["while True:\n    time.sleep(0.01)", "spark.sql('select sum(id % 7) from range(0, 1000000000000)').collect()"],
    ids=["python code", "a spark job"],
)
def test_a_model_still_running_at_its_timeout_is_stopped_and_fails_naming_it(spark: Any, work: str) -> None:
    started = time.monotonic()
    with pytest.raises(DbtRuntimeError, match=r"model.pkg.slow timed out after 2 s \(its `timeout`\)"):
        helper_for("slow", {"timeout": 2}).submit("import time\n" + work)
    assert time.monotonic() - started < 30
    assert spark.range(3).count() == 3  # the session goes on
