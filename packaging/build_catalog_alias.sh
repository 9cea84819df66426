#!/usr/bin/env bash
# Compiles packaging/connect (the `hive_metastore` catalog alias a Spark Connect server is
# started with: spark.sql.catalog.hive_metastore=dbt_session.SessionCatalogAlias) against the
# virtualenv's pyspark and the cached Delta jars, into the Delta jar directory of the cache,
# so every session dbt-session creates carries it too (spark.jars).
#   usage: packaging/build_catalog_alias.sh <python of the venv> <delta-spark version>
set -euo pipefail
python="${1:?usage: build_catalog_alias.sh <venv python> <delta-spark version>}"
version="${2:?usage: build_catalog_alias.sh <venv python> <delta-spark version>}"
here="$(cd "$(dirname "$0")" && pwd)"
cache="${DBT_SESSION_JAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dbt-session/jars}"
delta="$cache/delta-$version"
jar="$delta/dbt-session-catalog-alias.jar"
source="$here/connect/src/dbt_session/SessionCatalogAlias.java"
if [[ -s "$jar" && "$jar" -nt "$source" ]]; then echo "catalog alias jar is up to date: $jar"; exit 0; fi
command -v javac >/dev/null || { echo "javac (a JDK 17) is needed to build $jar" >&2; exit 1; }
spark_jars="$("$python" -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "jars"))')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac --release 17 -nowarn -d "$work" -cp "$spark_jars/*:$delta/*" "$source"
jar --create --file "$jar.part" -C "$work" .
mv "$jar.part" "$jar"
echo "catalog alias jar: $jar"
