"""The first start without cached Delta jars downloads them (an installed wheel has none);
offline, it stops with an error naming what it tried and where the jars belong."""

from pathlib import Path

from conftest import RunDbtSession
from projects import session_target, write_project
from dbt_session.spark_line import installed_line

def test_a_start_without_cached_jars_and_no_repository_fails_naming_the_url_and_the_cache(
    run_dbt_session: RunDbtSession, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "project", "jar_download", session_target("jar_download"))
    empty_cache = tmp_path / "jar-cache"
    unreachable = (tmp_path / "no-maven-here").as_uri()

    run = run_dbt_session(
        ["debug", "--profiles-dir", "."],
        cwd=project,
        env={"DBT_SESSION_JAR_CACHE": str(empty_cache), "MAVEN_REPOSITORY": unreachable},
    )

    # `dbt debug` reports a connection that cannot open as a failed check (exit 1), with the
    # host's message in its output.
    assert run.returncode == 1, run.output
    assert "downloading them once from Maven Central" in run.stderr
    # The installed line's jar (this pytest runs in the venv the binary embeds).
    line, delta = installed_line()
    assert f"cannot download Delta Lake's delta-spark_{line.scala}-{delta}.jar" in run.output
    assert unreachable in run.output and str(empty_cache / line.jar_folder(delta)) in run.output
    assert not run.started_spark
    assert not list(empty_cache.rglob("*.jar")) and not list(empty_cache.rglob("*.part"))
