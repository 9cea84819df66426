{#-
  dbt-session overrides dbt's `load_csv_rows` dispatcher (dbt's global project), not
  dbt-databricks' `databricks__load_csv_rows`: internal plugin projects win over dbt's, and
  dbt-databricks' implementation stays reachable through the same dispatch dbt itself does.
  Seed rows take the session's one-write path only in session mode, for a Delta seed, and only
  when dispatch resolves to dbt-databricks' own implementation: a project's override is used
  as is.
  The returned text goes into the seed's compiled file and log (a SQL comment: no statement
  carries the rows); the run result still says INSERT/CREATE <rows> (log_seed_operation).
-#}
{% macro load_csv_rows(model, agate_table) -%}
  {%- set implementation = adapter.dispatch('load_csv_rows', 'dbt') -%}
  {%- if adapter.loads_seed_rows_in_session(implementation, model) -%}
    {{ return(adapter.load_seed_rows(this, agate_table)) }}
  {%- else -%}
    {{ return(implementation(model, agate_table)) }}
  {%- endif -%}
{%- endmacro %}
