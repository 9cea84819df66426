#!/bin/bash
# The CPU time of each suite of `make test`, with its JVMs, servers and chroots: `make test`'s
# suite list (the Makefile's TEST_SUITES), three at a time as `make test` runs them, each in a
# cgroup v1 cpuacct group of its own, whose counter includes every process the suite started,
# also those already gone. Needs root and /sys/fs/cgroup/cpuacct. Run it in a checkout
# (a clean clone measures what CI runs); the result is docs/development.md's table.
#
#     sudo docs/tools/suite_cpu.sh [RESULTS_DIR]    # default: build/suite-cpu
set -euo pipefail

results=$(realpath -m "${1:-build/suite-cpu}")
cgroups=/sys/fs/cgroup/cpuacct
[ -w "$cgroups" ] || { echo "suite_cpu.sh: needs root and a writable $cgroups" >&2; exit 2; }
mkdir -p "$results"
: > "$results/summary.tsv"

# in_cgroup NAME COMMAND...: runs COMMAND in the fresh cgroup NAME, its output in NAME.log, and
# appends NAME, exit code, wall and CPU seconds to summary.tsv.
in_cgroup() {
  local name=$1 group="$cgroups/suite_cpu_$1"
  shift
  rmdir "$group" 2>/dev/null || true
  mkdir "$group"
  local started rc=0
  started=$(date +%s.%N)
  (echo "$BASHPID" > "$group/cgroup.procs" && exec "$@") > "$results/$name.log" 2>&1 || rc=$?
  python3 -c 'import sys; print(*sys.argv[1:3], round(float(sys.argv[3]) - float(sys.argv[4]), 1),
                  round(int(sys.argv[5]) / 1e9, 1), sep="\t")' \
    "$name" "$rc" "$(date +%s.%N)" "$started" "$(cat "$group/cpuacct.usage")" >> "$results/summary.tsv"
  # A suite's last processes may still be leaving the group (EBUSY): try for a few seconds.
  for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$group" 2>/dev/null && break; sleep 0.5; done
}
export -f in_cgroup
export cgroups results

in_cgroup setup-and-build make --no-print-directory setup build
make -s --no-print-directory --eval 'print-test-suites: ; @echo $(TEST_SUITES)' print-test-suites |
  tr ' ' '\n' | xargs -P3 -I{} bash -c 'in_cgroup {} make --no-print-directory {}'

echo -e "suite\texit\twall s\tCPU s"
cat "$results/summary.tsv"
awk -F'\t' '{cpu += $4} END {printf "total CPU s\t%.0f\n", cpu}' "$results/summary.tsv"
