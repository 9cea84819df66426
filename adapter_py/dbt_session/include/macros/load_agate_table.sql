{#-
  dbt-core's `load_agate_table` reads a whole seed into an agate table; a macro of this name
  takes the context function's place for every materialization (dbt puts macros in front of
  context members; `builtins.load_agate_table` is dbt-core's). Where session mode loads the
  seed's rows itself (load_csv_rows.sql, when it is the `load_csv_rows` in use), the adapter
  reads the file in two streaming passes instead (adapter_py/dbt_session/seed_table.py);
  everywhere else dbt-core's function runs.
-#}
{% macro load_agate_table() -%}
  {%- set implementation = adapter.dispatch('load_csv_rows', 'dbt') -%}
  {{- return(adapter.load_seed_table(model, load_csv_rows, implementation, builtins.load_agate_table)) -}}
{%- endmacro %}
