"""The `hive_metastore` alias's name forms (safe-replace rename targets, SHOW ... IN, DESCRIBE of a
three-part name, errors naming `hive_metastore`), checked in the two runs that the attach and
Spark Connect tests make on the sessions dbt-session does not create (test_attach_gateway.py,
test_spark_connect.py). tests/functional/test_catalog_alias.py proves them on a created session."""

import json
from pathlib import Path

import yaml

from projects import TOPOLOGY_TABLES, topology_project

TOPOLOGY_MODELS = ("numbers", "running", "doubled")
_SAFE = "use_safer_relation_operations=true"
_VALUES = {"safe_view": 1, "safe_table": 2, "safe_incremental": 3}

# On the --full-refresh run only (on-run-end runs after every model, failed ones included):
# the name forms through the run's own connection, printed as one JSON line.
_FORMS_MACRO = """
{% macro alias_forms() %}
  {% if execute and flags.FULL_REFRESH %}
    {% set schema = 'hive_metastore.' ~ target.schema %}
    {% set found = {'tables': [], 'views': [], 'described': [], 'rows': {}} %}
    {% for row in run_query('show tables in ' ~ schema).rows %}{% do found.tables.append(row[1]) %}{% endfor %}
    {% for row in run_query('show views in ' ~ schema).rows %}{% do found.views.append(row[1]) %}{% endfor %}
    {% for row in run_query('describe table ' ~ schema ~ '.safe_table').rows %}
      {% do found.described.append(row[0]) %}
    {% endfor %}
    {% for name in ['safe_view', 'safe_table', 'safe_incremental'] %}
      {% do found.rows.update({name: run_query('select id from ' ~ schema ~ '.' ~ name).columns[0].values() | map('int') | list}) %}
    {% endfor %}
    {% do log('ALIAS_FORMS ' ~ tojson(found), info=True) %}
  {% endif %}
{% endmacro %}
"""

_FILES = {
    "models/safe_view.sql": f"{{{{ config(materialized='view', {_SAFE}) }}}}\nselect 1 as id",
    "models/safe_table.sql": f"{{{{ config(materialized='table', {_SAFE}) }}}}\nselect 2 as id",
    "models/safe_incremental.sql": f"{{{{ config(materialized='incremental', {_SAFE}) }}}}\nselect 3 as id",
    # Spark names the table it resolved (spark_catalog.s.safe_table) in this error.
    "models/drops_a_table_as_a_view.sql": (
        "-- depends_on: {{ ref('safe_table') }}\n"
        "{{ config(materialized='view', pre_hook='drop view hive_metastore.{{ target.schema }}.safe_table') }}\n"
        "select 1 as id"
    ),
    "macros/alias_forms.sql": _FORMS_MACRO,
}

# The first run builds the topology project and the three models; the second replaces those
# three (the topology's models are not the subject) and fails the one that drops a table.
FIRST_RUN = ["build", "--profiles-dir", ".", "--exclude", "drops_a_table_as_a_view"]
# The topology's seed, three models and data test, the three models and the on-run-end hook.
FIRST_RUN_PASSES = "PASS=9"
SECOND_RUN = ["run", "--profiles-dir", ".", "--full-refresh", "--exclude", *TOPOLOGY_MODELS]
TABLES = sorted([*_VALUES, *TOPOLOGY_TABLES])


def alias_forms_project(root: Path, schema: str) -> Path:
    """The topology project (projects.topology_project) with the alias-forms models and macro."""
    project = topology_project(root, schema)
    for path, text in _FILES.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text)
    settings = yaml.safe_load((project / "dbt_project.yml").read_text())
    # dbt-databricks' safe replace (stage, back up by renaming, rename into place) is part of
    # its v2 materializations.
    settings.update({"flags": {"use_materialization_v2": True}, "on-run-end": ["{{ alias_forms() }}"]})
    (project / "dbt_project.yml").write_text(yaml.safe_dump(settings, sort_keys=False))
    return project


def assert_alias_forms(project: Path, schema: str, first: tuple[int, str], second: tuple[int, str]) -> None:
    """`first`, `second`: return code and output of FIRST_RUN and SECOND_RUN."""
    assert first[0] == 0, first[1][-6000:]
    assert second[0] == 1, second[1][-6000:]  # only the model that drops a table as a view fails
    results = {r["unique_id"].rsplit(".", 1)[1]: r for r in
               json.loads((project / "target" / "run_results.json").read_text())["results"]
               if r["unique_id"].startswith("model.")}
    statuses = {name: result["status"] for name, result in results.items()}
    assert statuses == {"safe_view": "success", "safe_table": "success", "safe_incremental": "success",
                        "drops_a_table_as_a_view": "error"}, statuses

    # The replace renamed each existing relation to its backup in hive_metastore.<schema> (the
    # target without the catalog: include/macros/rename_relation.sql).
    log = (project / "logs" / "dbt.log").read_text()
    for name in ("safe_view", "safe_table", "safe_incremental"):
        backup = f"`hive_metastore`.`{schema}`.`{name}` rename to `{schema}`.`{name}__dbt_backup`"
        assert backup in log, f"no backup rename of {name}"

    message = results["drops_a_table_as_a_view"]["message"]
    assert f"hive_metastore.{schema}.safe_table is a" in message, message
    assert "spark_catalog" not in message, message

    lines = [line.split("ALIAS_FORMS ", 1)[1] for line in second[1].splitlines() if "ALIAS_FORMS " in line]
    assert lines, second[1][-6000:]
    forms = json.loads(lines[-1])
    assert sorted(forms["tables"]) == TABLES, forms  # no backup or staging relation left
    assert forms["views"] == ["safe_view"], forms
    assert forms["described"][0] == "id", forms
    assert forms["rows"] == {name: [value] for name, value in _VALUES.items()}, forms
