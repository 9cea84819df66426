"""Takes docs/images/spark-ui-jobs.png: builds the example project (examples/jaffle_shop) in
this process with dbt_session.run on a local SparkSession whose UI is on, then photographs
the Spark UI's jobs page with headless Chromium while the application is still alive.

    apt-get install -y chromium   # once
    .venv/bin/python docs/tools/spark_ui_screenshot.py [--output docs/images/spark-ui-jobs.png]
"""

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "jaffle_shop"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_spark(root: Path, ui_port: int):  # -> SparkSession
    from dbt_session.local_spark import session_builder

    builder = session_builder(root, master="local[2]", app_name="dbt-session jaffle_shop")
    return builder.config("spark.ui.port", str(ui_port)).getOrCreate()


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
