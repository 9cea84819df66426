{#-
  Rename targets on OSS Spark. dbt-databricks renders the new name of a rename with the
  catalog (safely_replace: get_rename_sql(staging, existing_relation.render()) renders
  `alter view hive_metastore.s.v__dbt_stg rename to hive_metastore.s.v`).
  Spark reads a rename target as a name inside the source's catalog: a view's target may have
  at most two parts (IDENTIFIER_TOO_MANY_NAME_PARTS), and a table's three parts become the
  namespace `hive_metastore`.`s` (REQUIRES_SINGLE_PART_NAMESPACE). A rename never leaves the
  catalog, so on OSS Spark the target is rendered as schema.identifier; on a Databricks runtime
  dbt-databricks' own argument is handed through unchanged (adapter.rename_target). This
  overrides dbt's dispatcher (dbt's global project), not dbt-databricks' macros: the
  implementation dispatch picks (a project's override included) renders the SQL.
  adapter.rename_relation (backups, spark__rename_relation) is the adapter's own (impl.py):
  dbt looks that macro up by name among equally ranked internal projects.
-#}
{%- macro get_rename_sql(relation, new_name) -%}
  {{- log('Applying RENAME to: ' ~ relation) -}}
  {{- adapter.dispatch('get_rename_sql', 'dbt')(relation, adapter.rename_target(relation, new_name)) -}}
{%- endmacro -%}
