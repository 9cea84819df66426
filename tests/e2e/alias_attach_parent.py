"""A parent Python process that owns a SparkSession and runs `dbt-session` as a child attached
to it through py4j (PYSPARK_GATEWAY_PORT/SECRET), once per JSON argument list given; then reads
SHOW TABLES/VIEWS IN hive_metastore.<schema> and each table's rows in its own session. Used by
test_catalog_alias_topologies.py; prints one line `FINDINGS <json>`.

    python alias_attach_parent.py --storage DIR --project DIR --schema S --binary PATH \
        --tables a,b --run JSON [--run JSON ...]
"""

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from notebook_parent import child_environment, start_session  # noqa: E402
from topology import parent_arguments  # noqa: E402


def main() -> None:
    parser = parent_arguments()
    parser.add_argument("--tables", required=True, help="tables of --schema whose rows the parent reads")
    parser.add_argument("--run", action="append", required=True, help="a JSON list: one child's arguments")
    options = parser.parse_args()

    spark = start_session(options.storage)
    parameters = spark.sparkContext._gateway.gateway_parameters
    env = {**child_environment(options.storage), "PYSPARK_GATEWAY_PORT": str(parameters.port),
           "PYSPARK_GATEWAY_SECRET": parameters.auth_token}
    runs = []
    for arguments in options.run:
        started = time.monotonic()
        done = subprocess.run([options.binary, *json.loads(arguments)], cwd=options.project, env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=900)
        runs.append({"returncode": done.returncode, "output": done.stdout + done.stderr,
                     "seconds": time.monotonic() - started})

    schema = f"hive_metastore.{options.schema}"
    findings: dict = {"runs": runs, "child_storage_created": (options.storage / "child-must-not-use").exists()}
    try:
        findings["tables"] = sorted(row[1] for row in spark.sql(f"show tables in {schema}").collect())
        findings["views"] = sorted(row[1] for row in spark.sql(f"show views in {schema}").collect())
        findings["rows"] = {name: [list(row) for row in spark.sql(f"select * from {schema}.{name}").collect()]
                            for name in options.tables.split(",")}
    except Exception as error:  # reported with the children's output, which says why
        findings["read_back_error"] = f"{type(error).__name__}: {str(error)[:500]}"
    print("FINDINGS " + json.dumps(findings), flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
