{#-
  A model's grants on OSS Spark, which has no GRANT statement (adapter_py/dbt_session/grants.py):
  dbt-session overrides dbt's `apply_grants` dispatcher (dbt's global project), not an
  implementation. adapter.skips_grants is true only in session mode on OSS Spark and only when
  dispatch resolves to dbt's own implementation: a project's override runs as is, and on a
  Databricks runtime dbt-databricks' GRANT and REVOKE statements run unchanged.
-#}
{% macro apply_grants(relation, grant_config, should_revoke) -%}
  {%- set implementation = adapter.dispatch('apply_grants', 'dbt') -%}
  {%- if not adapter.skips_grants(implementation, relation, grant_config) -%}
    {{ return(implementation(relation, grant_config, should_revoke)) }}
  {%- endif -%}
{%- endmacro %}
