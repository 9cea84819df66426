#!/bin/bash
# Databricks cluster-scoped init script: installs dbt-session on the driver from a wheel.
# Only the driver runs dbt-session; executors need nothing (models run as Spark jobs).
# The wheel installs into the cluster's Python environment, next to the runtime's own
# pyspark, so the `dbt-session` binary finds that environment (host/venv.hpp).
#
# The wheel embeds one CPython minor, so its file name differs per runtime:
#   15.4 LTS (Python 3.11)           dbt_session-<version>-cp311-cp311-manylinux_<glibc>_x86_64.whl
#   16.4 LTS, 17.3 LTS (Python 3.12) dbt_session-<version>-cp312-cp312-manylinux_<glibc>_x86_64.whl
# Put the wheels for every Python you use in one folder (a volume) and point
# DBT_SESSION_WHEEL at the folder: this script picks the one matching the cluster's Python.
#
# Set on the cluster (spark_env_vars), e.g. in the bundle's databricks.yml:
#   DBT_SESSION_WHEEL    a folder of dbt_session wheels, e.g. /Volumes/<catalog>/<schema>/<volume>/dbt-session,
#                        or one wheel file (it must match the cluster's Python)
#   DBT_SESSION_VERSION  optional: the version to pick from the folder (default: the highest there)
#   DBT_SESSION_PYTHON_TAG optional: the wheel tag the cluster is expected to need (cp311, cp312);
#                        the bundle sets it from the runtime it asks for, and a cluster whose
#                        Python disagrees stops here instead of at the first dbt-session run
#   DBT_SESSION_PYTHON   optional: the cluster's Python (default /databricks/python3/bin/python)
#   DBT_SESSION_PIP      optional: the pip to install with (default "$DBT_SESSION_PYTHON -m pip")
#
# It installs the base wheel, without extras: the runtime provides Spark, so no pyspark,
# delta-spark or Spark Connect client is installed, and the runtime's pyspark, py4j,
# delta-spark, pandas, pyarrow, numpy and grpcio are held at their versions (pip constraints).
set -euo pipefail

if [[ "${DB_IS_DRIVER:-TRUE}" != "TRUE" ]]; then
  exit 0
fi
say() { echo "dbt-session init script: $*" >&2; }

location="${DBT_SESSION_WHEEL:?set DBT_SESSION_WHEEL to a folder of dbt-session wheels or one wheel (a volume or workspace path)}"
python="${DBT_SESSION_PYTHON:-/databricks/python3/bin/python}"
if [[ -n "${DBT_SESSION_PIP:-}" ]]; then
  pip=("$DBT_SESSION_PIP")
else
  pip=("$python" -m pip)
fi

# The cluster's Python minor as a wheel tag: (3, 12) -> cp312.
minor="$("$python" -c 'import sys; print("%d%d" % sys.version_info[:2])')" || {
  say "cannot run $python (DBT_SESSION_PYTHON)"
  exit 1
}
tag="cp${minor}"
if [[ -n "${DBT_SESSION_PYTHON_TAG:-}" && "$DBT_SESSION_PYTHON_TAG" != "$tag" ]]; then
  say "this cluster's Python ($python) needs the $tag wheel, but DBT_SESSION_PYTHON_TAG says" \
    "$DBT_SESSION_PYTHON_TAG: the runtime (spark_version) and the wheel chosen for it disagree"
  exit 1
fi

if [[ -d "$location" ]]; then
  pattern="dbt_session-${DBT_SESSION_VERSION:-*}-${tag}-${tag}-*.whl"
  shopt -s nullglob
  matches=("$location"/$pattern)
  shopt -u nullglob
  if (( ${#matches[@]} == 0 )); then
    say "no wheel for this cluster's Python ($tag) in $location (looked for $pattern); it holds:"
    ls -1 "$location" >&2 || true
    exit 1
  fi
  # Several versions for this Python: the highest one (sort -V on the file names).
  wheel="$(printf '%s\n' "${matches[@]}" | sort -V | tail -n 1)"
elif [[ -f "$location" ]]; then
  wheel="$location"
  case "$(basename "$wheel")" in
    dbt_session-*-"$tag"-"$tag"-*.whl) ;;
    *)
      say "$wheel is not a wheel for this cluster's Python ($tag, from $python);" \
        "use the ${tag} wheel, or point DBT_SESSION_WHEEL at a folder holding one per Python"
      exit 1
      ;;
  esac
else
  say "$location does not exist (DBT_SESSION_WHEEL)"
  exit 1
fi

# The runtime's Spark and data libraries are the cluster's: never let pip replace them.
# (pip freeze lists only what is installed as a distribution; Databricks' own pyspark may
# not be one, and then there is nothing to hold.)
constraints="$(mktemp)"
trap 'rm -f "$constraints"' EXIT
"${pip[@]}" freeze | grep -i -E '^(pyspark|delta-spark|py4j|pandas|pyarrow|numpy|grpcio)==' > "$constraints" || true
say "installing $(basename "$wheel") for Python ${minor:0:1}.${minor:1} with $python, holding: $(tr '\n' ' ' < "$constraints")"
"${pip[@]}" install --quiet --disable-pip-version-check --constraint "$constraints" "$wheel"
say "dbt-session installed: $(command -v dbt-session || echo "in $(dirname "$python")")"
