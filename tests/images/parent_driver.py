"""The Databricks driver's part, inside an image: a Python process that owns a SparkSession
with Delta (as a cluster's driver does) runs packaging/databricks/launcher.py's entry
function, which starts `dbt-session` attached to this session. Afterwards this process
reads the tables the child built and checks its own session still works. Prints the
child's output, then one line `FINDINGS <json>`.

    python parent_driver.py --launcher DIR --jars DIR --storage DIR --project DIR --schema S
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession


def start_session(jars: Path, storage: Path) -> SparkSession:
    """What a Databricks driver holds, as far as OSS Spark can: Delta, and dbt-databricks'
    default catalog name `hive_metastore` resolving to the session catalog."""
    builder = SparkSession.builder.master("local[2]").appName("databricks-driver")
    conf = {
        "spark.jars": ",".join(str(jar) for jar in sorted(jars.glob("*.jar"))),
        "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.sql.catalog.hive_metastore": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.sql.catalogImplementation": "hive",
        "spark.sql.warehouse.dir": str(storage / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL":
            f"jdbc:derby:;databaseName={storage / 'metastore_db'};create=true",
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={storage}",
        "spark.sql.shuffle.partitions": "2",
        "spark.databricks.delta.snapshotPartitions": "2",
        "spark.ui.enabled": "false",
    }
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def read_tables(spark: SparkSession, schema: str) -> dict[str, Any]:
    """What the test checks, read by this (the parent's) session."""
    def one(sql: str) -> Any:
        return list(spark.sql(sql).collect()[0])

    found: dict[str, Any] = {}
    for table in ("people", "payments", "stg_people", "city_sizes", "payments_merged",
                  "person_totals", "daily_amounts"):
        try:
            found[table] = spark.table(f"{schema}.{table}").count()
        except Exception as error:  # reported; the test names what is missing
            found[table] = f"{type(error).__name__}: {str(error)[:300]}"
    try:
        found["paris"] = one(f"select people from {schema}.city_sizes where city = 'Paris'")
        found["person_2"] = one(f"select name, amount from {schema}.person_totals where person_id = 2")
        found["jan_2_amount"] = one(f"select amount from {schema}.daily_amounts where paid_on = date'2024-01-02'")
        found["merged_total"] = one(f"select sum(amount) from {schema}.payments_merged")
    except Exception as error:
        found["values_error"] = f"{type(error).__name__}: {str(error)[:300]}"
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    for option in ("--launcher", "--jars", "--storage", "--project"):
        parser.add_argument(option, type=Path, required=True)
    parser.add_argument("--schema", required=True)
    options = parser.parse_args()

    spark = start_session(options.jars, options.storage)
    sys.path.insert(0, str(options.launcher))
    import launcher  # packaging/databricks/launcher.py, as a spark_python_task runs it

    # The child must attach: a session of its own would keep its tables in this folder.
    os.environ["DBT_SESSION_HOME"] = str(options.storage / "child-must-not-use")
    os.environ["IMAGES_SCHEMA"] = options.schema
    project = ["--project-dir", str(options.project), "--profiles-dir", str(options.project)]
    os.chdir(options.project)
    findings: dict[str, Any] = {}
    for name, args in (("build", ["build", *project]),
                       # the incremental models again: now their merge path runs
                       ("merge", ["run", "--select", "payments_merged", "daily_amounts", *project])):
        started = time.monotonic()
        findings[name] = {"returncode": launcher.run(args, spark=spark),
                          "seconds": round(time.monotonic() - started, 1)}
    findings["tables"] = read_tables(spark, options.schema)
    findings["child_storage_created"] = (options.storage / "child-must-not-use").exists()
    findings["parent_alive"] = (not spark.sparkContext._jsc.sc().isStopped()) and spark.range(7).count() == 7
    print("FINDINGS " + json.dumps(findings, default=str), flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
