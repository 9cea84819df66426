"""Delta Lake's jars for an installed dbt-session: downloaded once from Maven Central into the
jar cache on the first start that needs them (a checkout's `make setup` does the same with
packaging/fetch_delta_jars.sh). pip installs delta-spark's Python half only; Spark loads the
Scala half from `spark.jars`, which the host builds from this cache.
"""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

MAVEN_CENTRAL = "https://repo1.maven.org/maven2"
DOWNLOAD_TIMEOUT_SECONDS = 60


def artifact_paths(delta_version: str) -> list[str]:
    """Maven paths of the jars Spark needs: delta-spark 4.0.x is published for Scala 2.13,
    next to delta-storage (the same list as packaging/fetch_delta_jars.sh)."""
    return [
        f"io/delta/delta-spark_2.13/{delta_version}/delta-spark_2.13-{delta_version}.jar",
        f"io/delta/delta-storage/{delta_version}/delta-storage-{delta_version}.jar",
    ]


def fetch(delta_version: str, directory: str) -> list[str]:
    """Downloads the missing jars of `delta_version` into `directory` and returns every jar
    path. $MAVEN_REPOSITORY replaces Maven Central (a mirror, or a file:// copy offline).
    Raises RuntimeError naming the URL and the directory when a download fails."""
    repository = os.environ.get("MAVEN_REPOSITORY") or MAVEN_CENTRAL
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    jars = []
    for path in artifact_paths(delta_version):
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
