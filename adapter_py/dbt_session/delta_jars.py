"""Delta Lake's jars: the jar cache's location and its folder for the installed pyspark and
delta-spark (dbt_session.spark_line), downloaded once from Maven Central on the first start
that needs them. pip installs delta-spark's Python half only; Spark loads the Scala half from
`spark.jars`, which the host builds from this cache.

    python -m dbt_session.delta_jars            fetch the installed line's jars (`make jars`), and
                                                a Spark Connect server pyspark lacks (3.5)
    python -m dbt_session.delta_jars --folder   print their folder and the JDK release the
                                                line's classes target (build_catalog_alias.sh)
"""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from dbt_session import spark_line

MAVEN_CENTRAL = "https://repo1.maven.org/maven2"
DOWNLOAD_TIMEOUT_SECONDS = 60


def jar_cache() -> Path:
    """$DBT_SESSION_JAR_CACHE, else $XDG_CACHE_HOME/dbt-session/jars, else
    ~/.cache/dbt-session/jars. The one definition: the host asks installed_folder() too
    (host/delta_jar_cache.cpp), and `make jars` runs this before any native build exists."""
    if os.environ.get("DBT_SESSION_JAR_CACHE"):
        return Path(os.environ["DBT_SESSION_JAR_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "dbt-session" / "jars"
    return Path.home() / ".cache" / "dbt-session" / "jars"


def installed_folder() -> Path:
    """The cache folder of the installed delta-spark: <cache>/delta-<version>_<scala>."""
    return jar_cache() / spark_line.jar_folder()


def fetch_installed(directory: str) -> list[str]:
    """fetch() for the installed pyspark and delta-spark (the host's first start)."""
    line, delta_version = spark_line.installed_line()
    return fetch(line, delta_version, directory)


def fetch(line: spark_line.SparkLine, delta_version: str, directory: str) -> list[str]:
    """Downloads the missing jars of `delta_version` into `directory` and returns every jar
    path. $MAVEN_REPOSITORY replaces Maven Central (a mirror, or a file:// copy offline).
    Raises RuntimeError naming the URL and the directory when a download fails."""
    return _fetch(line.artifact_paths(delta_version), Path(directory))


def connect_server_folder(folder: Path) -> Path:
    """Where `make jars` puts a Spark Connect server pyspark does not ship (Spark 3.5): a
    subfolder, so sessions the host creates never load it."""
    return folder / "connect-server"


def _fetch(paths: list[str], target: Path) -> list[str]:
    if not paths:
        return []
    repository = os.environ.get("MAVEN_REPOSITORY") or MAVEN_CENTRAL
    target.mkdir(parents=True, exist_ok=True)
    jars = []
    for path in paths:
        jar = target / Path(path).name
        if not (jar.is_file() and jar.stat().st_size > 0):
            _download(f"{repository.rstrip('/')}/{path}", jar, target)
        jars.append(str(jar))
    return jars


def _download(url: str, jar: Path, target: Path) -> None:
    print(f"dbt-session: downloading {jar.name} from {url}", file=sys.stderr, flush=True)
    partial = jar.with_name(jar.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            partial.write_bytes(response.read())
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        raise RuntimeError(
            f"cannot download Delta Lake's {jar.name} from {url} ({error}). dbt-session needs "
            f"it once, in {target}: run again when online, set MAVEN_REPOSITORY to a Maven "
            f"mirror, or copy the jar there yourself"
        ) from error
    # Renamed only when complete, so an interrupted download is never taken for a jar.
    partial.replace(jar)


def main(arguments: list[str]) -> int:
    try:
        line, delta_version = spark_line.installed_line()
        folder = jar_cache() / line.jar_folder(delta_version)
        if arguments == ["--folder"]:
            print(f"{folder}\t{line.java_release}")
            return 0
        fetch(line, delta_version, str(folder))
    except RuntimeError as error:
        print(f"dbt-session: {error}", file=sys.stderr)
        return 1
    # Only the tests' local Connect server needs it: a failed download is a warning. A mirror
    # may lack the exact patch release; $DBT_SESSION_CONNECT_SERVER_VERSION picks another.
    server = os.environ.get("DBT_SESSION_CONNECT_SERVER_VERSION") or spark_line.installed_pyspark()
    try:
        _fetch(line.connect_server_paths(server), connect_server_folder(folder))
    except RuntimeError as error:
        print(f"dbt-session: warning: no local Spark Connect server for the tests: {error}", file=sys.stderr)
    print(f"Delta {delta_version} jars for Spark {line.spark} (Scala {line.scala}) in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
