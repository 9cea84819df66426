#!/bin/bash
# Databricks cluster-scoped init script: installs dbt-session on the driver from a wheel.
# Set on the cluster (spark_env_vars), e.g. in the bundle's databricks.yml:
#   DBT_SESSION_WHEEL=/Volumes/<catalog>/<schema>/<volume>/dbt_session-<version>-<tags>.whl
# Only the driver runs dbt-session; executors need nothing (models run as Spark jobs).
# The wheel installs into the cluster's Python environment, next to the runtime's own
# pyspark, so the `dbt-session` binary finds that environment (host/venv.hpp).
set -euo pipefail

if [[ "${DB_IS_DRIVER:-TRUE}" != "TRUE" ]]; then
  exit 0
fi
wheel="${DBT_SESSION_WHEEL:?set DBT_SESSION_WHEEL to the path of the dbt-session wheel (a volume or workspace file)}"
if [[ ! -f "$wheel" ]]; then
  echo "dbt-session init script: $wheel does not exist (DBT_SESSION_WHEEL)" >&2
  exit 1
fi
pip="${DBT_SESSION_PIP:-/databricks/python/bin/pip}"
# The runtime's pyspark and Delta are the cluster's: never let pip replace them.
constraints="$(mktemp)"
trap 'rm -f "$constraints"' EXIT
"$pip" freeze | grep -i -E '^(pyspark|delta-spark|py4j)==' > "$constraints" || true
"$pip" install --quiet --disable-pip-version-check --constraint "$constraints" "$wheel"
echo "dbt-session installed: $(command -v dbt-session || echo "in $(dirname "$pip")")"
