"""Takes docs/images/spark-ui-jobs.png: builds the example project (examples/jaffle_shop) in
this process with dbt_session.run on a local SparkSession whose UI is on, then photographs
the Spark UI's jobs page with headless Chromium while the application is still alive.

    apt-get install -y chromium   # once
    .venv/bin/python docs/tools/spark_ui_screenshot.py [--output docs/images/spark-ui-jobs.png]
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "jaffle_shop"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def delta_jars() -> list[Path]:
    cache = Path(os.environ.get("DBT_SESSION_JAR_CACHE") or Path.home() / ".cache" / "dbt-session" / "jars")
    jars = sorted((cache / f"delta-{version('delta-spark')}").glob("*.jar"))
    if not jars:
        sys.exit(f"no Delta jars in {cache}: run `make jars`")
    return jars


def start_spark(root: Path, ui_port: int):  # -> SparkSession
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    catalog = "org.apache.spark.sql.delta.catalog.DeltaCatalog"
    return (
        SparkSession.builder.master("local[2]")
        .appName("dbt-session jaffle_shop")
        .config("spark.jars", ",".join(str(jar) for jar in delta_jars()))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", catalog)
        .config("spark.sql.catalog.hive_metastore", catalog)
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", str(root / "warehouse"))
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                f"jdbc:derby:;databaseName={root / 'metastore_db'};create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={root}")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.ui.port", str(ui_port))
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def screenshot(url: str, output: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("chromium is not installed: apt-get install -y chromium")
    output.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--screenshot={output}", "--window-size=1600,1400", url],
        check=True, capture_output=True, timeout=120,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "images" / "spark-ui-jobs.png")
    args = parser.parse_args()

    import dbt_session

    with tempfile.TemporaryDirectory(prefix="spark-ui-shot-") as scratch:
        root = Path(scratch)
        project = root / "jaffle_shop"
        shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("target", "logs"))
        spark = start_spark(root, free_port())
        spark.sparkContext.setLogLevel("ERROR")
        try:
            result = dbt_session.run(
                ["build", "--project-dir", str(project), "--profiles-dir", str(project), "--threads", "4"],
                spark=spark,
            )
            if not result.success:
                sys.exit(f"dbt build failed: {result.exception or result.result}")
            ui = spark.sparkContext.uiWebUrl
            screenshot(f"{ui}/jobs/", args.output)
            print(f"Spark UI {ui}: {args.output}")
        finally:
            spark.stop()


if __name__ == "__main__":
    main()
