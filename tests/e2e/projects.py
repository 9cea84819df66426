"""The small dbt projects the end-to-end tests write, in one place: a dbt_project.yml, a
profiles.yml whose default target is the test's, and the files the test names (models, seeds,
macros). Test modules import this, never each other."""

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


def session_target(schema: str, threads: int = 1, **keys: Any) -> dict[str, Any]:
    """A dbt-databricks target in session mode: `type: databricks`, `method: session`."""
    return {"type": "databricks", "method": "session", "schema": schema, "threads": threads, **keys}


def write_project(
    root: Path,
    name: str,
    target: Mapping[str, Any],
    files: Mapping[str, str] = {},
    other_targets: Mapping[str, Mapping[str, Any]] = {},
) -> Path:
    """Project and profile `name` in `root` (created), its default target `t` being `target`;
    `files` maps paths relative to `root` ("models/one.sql") to their text."""
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text(
        yaml.safe_dump({"name": name, "version": "1.0", "config-version": 2, "profile": name}, sort_keys=False)
    )
    outputs = {"t": dict(target), **{key: dict(value) for key, value in other_targets.items()}}
    (root / "profiles.yml").write_text(
        yaml.safe_dump({name: {"target": "t", "outputs": outputs}}, sort_keys=False)
    )
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


# The small project each Spark topology builds (standalone, Spark Connect, attach, launcher): one
# seed, a SQL table, an incremental model and a Python model, and a data test that checks their
# rows inside the same build, so no second JVM is started to read them back. Labels hold a
# comma, quotes and a backslash: what the seed load must carry through unchanged.
TOPOLOGY_LABELS = ["one", "two, with a comma", "it's", 'say "hi"', "back\\slash", "six"]
TOPOLOGY_TABLES = {name: len(TOPOLOGY_LABELS) for name in ("raw_numbers", "numbers", "running", "doubled")}


def topology_project(root: Path, schema: str) -> Path:
    """The topology project in `root`, its profile's target `session_target(schema)`."""
    seed = io.StringIO()
    csv.writer(seed, lineterminator="\n").writerows([("id", "label"), *enumerate(TOPOLOGY_LABELS, start=1)])
    rows = len(TOPOLOGY_LABELS)
    label_length = sum(len(label) for label in TOPOLOGY_LABELS)
    doubled = 2 * sum(range(1, rows + 1))
    return write_project(root, "topology", session_target(schema), {
        "seeds/raw_numbers.csv": seed.getvalue(),
        "models/numbers.sql": "{{ config(materialized='table') }}\nselect id, label from {{ ref('raw_numbers') }}\n",
        "models/running.sql": (
            "{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge') }}\n"
            "select id, label from {{ ref('numbers') }}\n"
            "{% if is_incremental() %} where id > (select max(id) - 3 from {{ this }}) {% endif %}\n"
        ),
        "models/doubled.py": (
            "def model(dbt, session):\n"
            "    dbt.config(materialized='table')\n"
            "    return dbt.ref('numbers').selectExpr('id', 'id * 2 as doubled')\n"
        ),
        # A singular data test fails when it returns rows.
        "tests/rows_as_expected.sql": (
            "select * from (select\n"
            "  (select count(*) from {{ ref('numbers') }}) as numbers,\n"
            "  (select sum(length(label)) from {{ ref('numbers') }}) as label_length,\n"
            "  (select count(*) from {{ ref('running') }}) as running,\n"
            "  (select count(distinct id) from {{ ref('running') }}) as running_ids,\n"
            "  (select sum(doubled) from {{ ref('doubled') }}) as doubled\n"
            f") where not (numbers = {rows} and label_length = {label_length} and running = {rows}\n"
            f"  and running_ids = {rows} and doubled = {doubled})\n"
        ),
    })
