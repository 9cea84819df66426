#!/usr/bin/env bash
# Compiles packaging/connect (the `hive_metastore` catalog alias a Spark Connect server is
# started with: spark.sql.catalog.hive_metastore=dbt_session.SessionCatalogAlias) against the
# virtualenv's pyspark and the cached Delta jars of its Spark line, into that line's folder of
# the jar cache (dbt_session.delta_jars), so every session dbt-session creates carries it too
# (spark.jars). One jar per Spark line: Spark 3.5 (Scala 2.12) and 4.0 (Scala 2.13) classes differ.
#   usage: packaging/build_catalog_alias.sh <python of the venv>
set -euo pipefail
python="${1:?usage: build_catalog_alias.sh <venv python>}"
here="$(cd "$(dirname "$0")" && pwd)"
# The checkout's adapter package, importable whether or not the venv has it on its path.
IFS=$'\t' read -r delta release < <(PYTHONPATH="$here/../adapter_py" "$python" -m dbt_session.delta_jars --folder)
jar="$delta/dbt-session-catalog-alias.jar"
source="$here/connect/src/dbt_session/SessionCatalogAlias.java"
if [[ -s "$jar" && "$jar" -nt "$source" ]]; then echo "catalog alias jar is up to date: $jar"; exit 0; fi
command -v javac >/dev/null || { echo "javac (a JDK 17) is needed to build $jar" >&2; exit 1; }
compgen -G "$delta/delta-spark_*.jar" >/dev/null || { echo "no Delta jars in $delta: run make jars" >&2; exit 1; }
spark_jars="$("$python" -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "jars"))')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# -Xlint:-options: javac 17 warns that --release 8 is old; it is the JDK Spark 3.5 still runs on.
javac --release "$release" -nowarn -Xlint:-options -d "$work" -cp "$spark_jars/*:$delta/*" "$source"
# A part file of this process's own, renamed into place: checkouts that build at the same time
# share the cache, and the last rename wins with a whole jar.
jar --create --file "$jar.part.$$" -C "$work" .
mv "$jar.part.$$" "$jar"
echo "catalog alias jar: $jar"
