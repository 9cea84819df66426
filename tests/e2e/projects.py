"""The small dbt projects the end-to-end tests write, in one place: a dbt_project.yml, a
profiles.yml whose default target is the test's, and the files the test names (models, seeds,
macros). Test modules import this, never each other."""

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
        (root / path).write_text(text)
    return root
