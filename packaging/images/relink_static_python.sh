#!/usr/bin/env bash
# Relinks a CPython built with --enable-shared into an interpreter without libpython3.X.so:
# its own python.o and libpython3.X.a (both from the build's config folder), with every
# symbol exported so that extension modules resolve against the executable, and the
# libraries the build's Makefile names in LIBS and SYSLIBS. Installs it with a copy of the
# standard library at <prefix>, and reports itself as a static build (Py_ENABLE_SHARED=0).
# Runs on the host (it has the compiler); the image gets the result only.
#   usage: relink_static_python.sh <source prefix, e.g. ~/.pyenv/versions/3.12.1> <prefix>
set -euo pipefail
source="${1:?usage: relink_static_python.sh <source prefix> <prefix>}"
prefix="${2:?usage: relink_static_python.sh <source prefix> <prefix>}"
minor="$("$source/bin/python3" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
config="$("$source/bin/python3" -c 'import sysconfig; print(sysconfig.get_config_var("LIBPL"))')"
libs="$("$source/bin/python3" -c 'import sysconfig as s; print(s.get_config_var("LIBS"), s.get_config_var("SYSLIBS"))')"

mkdir -p "$prefix/bin" "$prefix/lib"
cp -a "$source/lib/python$minor" "$prefix/lib/"
cp -a "$source/include" "$prefix/"
# shellcheck disable=SC2086  # LIBS is a list of linker flags
gcc -o "$prefix/bin/python$minor" "$config/python.o" -Wl,--export-dynamic "$config/libpython$minor.a" $libs
ln -sf "python$minor" "$prefix/bin/python3"
rm -f "$prefix"/lib/libpython*.so*
# What a --disable-shared build records; tools that ask sysconfig then see the truth.
sed -i -e "s/'Py_ENABLE_SHARED': 1/'Py_ENABLE_SHARED': 0/" \
       -e "s/'LDLIBRARY': 'libpython$minor.so'/'LDLIBRARY': 'libpython$minor.a'/" \
       "$prefix/lib/python$minor"/_sysconfigdata_*.py
if ldd "$prefix/bin/python$minor" | grep -q libpython; then echo "still linked to libpython" >&2; exit 1; fi
