"""The local SparkSession the Python-level suites share (tests/python, tests/functional):
one per pytest run, built from the host's definition (dbt_session.local_spark) and handed to the
C++ bindings. Tests that need no Spark never start the JVM: only the `spark` fixture does.
"""

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The root SparkSession, also registered with dbt_session_native.use_session."""
    import dbt_session_native
    from dbt_session.local_spark import session_builder

    root = tmp_path_factory.mktemp("spark")
    try:
        builder = session_builder(root, master="local[2]", app_name="dbt-session-pytest")
    except RuntimeError as missing_jars:
        pytest.fail(str(missing_jars), pytrace=False)
    session = builder.config("spark.ui.enabled", "false").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    dbt_session_native.use_session(session)
    try:
        yield session
    finally:
        dbt_session_native.release_session()
        session.stop()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "jvm: the test uses the suite's SparkSession (a JVM)")
    # dbt-databricks' pydantic v1-style models warn on import; not ours to fix.
    config.addinivalue_line(
        "filterwarnings", r"ignore::DeprecationWarning:dbt\.adapters\.databricks\..*"
    )
    # dbt-tests-adapter's base classes declare class-scoped fixtures as methods; theirs to fix.
    config.addinivalue_line(
        "filterwarnings", "ignore:Class-scoped fixtures defined as instance methods are deprecated"
    )


# Fixtures that start (or need) the suite's SparkSession: a test using any of them runs a JVM.
SESSION_FIXTURES = {"spark", "schema", "handle"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `make test-fast` deselects these (-m "not jvm"): the loop that needs no JVM.
    for item in items:
        if SESSION_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.jvm)
