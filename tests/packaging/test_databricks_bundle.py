"""packaging/databricks/databricks.yml, read as YAML (no Databricks CLI or workspace here):
each runtime target names the wheel tag of that runtime's Python, and the job hands the
wheel folder, version and tag to the init script under the names the script reads."""

from pathlib import Path

import yaml

BUNDLE = Path(__file__).resolve().parents[2] / "packaging" / "databricks"

# The runtime's Python (release notes; see docs/databricks.md "Supported runtimes").
PYTHON_TAG_OF_RUNTIME = {"15.4": "cp311", "16.4": "cp312", "17.3": "cp312"}


def bundle() -> dict:
    return yaml.safe_load((BUNDLE / "databricks.yml").read_text())


def test_each_runtime_target_names_the_wheel_tag_of_its_python():
    targets = bundle()["targets"]
    assert set(targets) == {"lts-15-4", "lts-16-4", "lts-17-3"}
    for name, target in targets.items():
        variables = target["variables"]
        runtime = variables["spark_version"].split(".x-")[0]
        assert PYTHON_TAG_OF_RUNTIME[runtime] == variables["python_tag"], name


def test_the_defaults_are_the_default_targets_runtime():
    document = bundle()
    default = [t for t in document["targets"].values() if t.get("default")]
    assert len(default) == 1
    for key in ("spark_version", "python_tag"):
        assert document["variables"][key]["default"] == default[0]["variables"][key]


def test_the_job_passes_what_the_init_script_reads():
    cluster = bundle()["resources"]["jobs"]["dbt_session_build"]["job_clusters"][0]["new_cluster"]
    script = (BUNDLE / "init-dbt-session.sh").read_text()
    for variable in cluster["spark_env_vars"]:
        assert f"${{{variable}" in script, variable
    assert cluster["spark_env_vars"]["DBT_SESSION_PYTHON_TAG"] == "${var.python_tag}"
    assert cluster["data_security_mode"] == "SINGLE_USER"
