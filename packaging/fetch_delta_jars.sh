#!/usr/bin/env bash
# Downloads the Delta Lake jars of one delta-spark version from Maven Central into the jar
# cache (once; later runs find them there). The host passes them to Spark with spark.jars,
# so no run ever downloads anything.
#   usage: packaging/fetch_delta_jars.sh <delta-spark version>
set -euo pipefail
version="${1:?usage: fetch_delta_jars.sh <delta-spark version>}"
cache="${DBT_SESSION_JAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dbt-session/jars}"
dir="$cache/delta-$version"
maven="${MAVEN_REPOSITORY:-https://repo1.maven.org/maven2}"

# delta-spark 4.0.x is published for Scala 2.13 as delta-spark_2.13, next to delta-storage.
artifacts=("io/delta/delta-spark_2.13/$version/delta-spark_2.13-$version.jar"
           "io/delta/delta-storage/$version/delta-storage-$version.jar")

mkdir -p "$dir"
for path in "${artifacts[@]}"; do
  jar="$dir/$(basename "$path")"
  if [[ -s "$jar" ]]; then continue; fi
  echo "fetching $(basename "$path") from Maven Central"
  curl --fail --silent --show-error --location --retry 3 -o "$jar.part" "$maven/$path"
  mv "$jar.part" "$jar"
done
echo "Delta $version jars in $dir"
