# dbt-session — the two commands a user needs are `make demo` and `make test`.
# Underneath: `make setup` (system packages, .venv with exact pins, Delta jars; idempotent)
# and `make build` (build/dbt-session). Downloads are cached outside the checkout
# (~/.cache/pip, ~/.cache/dbt-session/jars).

SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
BUILD := build
BASE_PYTHON ?= $(shell command -v python3.11 || command -v python3)
SYSTEM_PACKAGES := libboost-program-options-dev libspdlog-dev libyaml-cpp-dev \
                   doctest-dev cmake g++ ninja-build ccache default-jre-headless openjdk-17-jdk-headless \
                   debootstrap clang clang-format libclang-rt-14-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# ccache (CMakeLists.txt) shares compiled objects between checkouts at different paths.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true
# Tests keep their warehouse and metastore away from the user's (~/.local/share/dbt-session).
TEST_HOME ?= $(CURDIR)/$(BUILD)/test-home

.PHONY: setup system-packages venv jars build wheels demo test test-cpp test-python test-functional test-e2e clean
.PHONY: test-wheel-suites test-in-process lint test-fast test-sanitizers test-faults test-images test-images-suite test-packaging test-conformance test-conformance-suite bench bench-smoke test-stress stress

setup: system-packages venv jars

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: packaging/requirements.txt
	@$(BASE_PYTHON) -c 'import sys, sysconfig; \
	  assert sys.version_info[:2] == (3, 11), "dbt-session needs Python 3.11, found " + sys.version; \
	  assert sysconfig.get_config_var("Py_ENABLE_SHARED"), "the C++ test runner embeds Python: a Python built with --enable-shared (libpython) is needed"'
	test -x $(PYTHON) || $(BASE_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r packaging/requirements.txt
	# The checkout's adapter package and extension module, importable from the venv (pytest).
	# (Asked of the venv when this line runs: make expands a recipe before running it.)
	site=$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') && \
	  printf '%s\n%s\n' "$(CURDIR)/adapter_py" "$(CURDIR)/$(BUILD)/python" > "$$site/dbt_session_checkout.pth"
	touch $@

# Delta's jars for the venv's pyspark and delta-spark, from Maven Central, in the cache folder
# of their Spark line (dbt_session.delta_jars); `make jars VENV=other-venv` fills another line's.
jars:
	PYTHONPATH=adapter_py $(PYTHON) -m dbt_session.delta_jars
	packaging/build_catalog_alias.sh $(PYTHON)

$(BUILD)/build.ninja: CMakeLists.txt $(VENV)/.installed
	cmake -S . -B $(BUILD) -G Ninja -DPython_EXECUTABLE=$(CURDIR)/$(PYTHON) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -Dpybind11_DIR=$$($(PYTHON) -m pybind11 --cmakedir)

build: system-packages $(BUILD)/build.ninja
	cmake --build $(BUILD) --parallel

# The wheels users install (manylinux, one per Python minor) in build/wheels.
# Each minor's interpreter: python3.X on PATH, else pyenv's (this machine's pyenv has both).
python_for = $(shell python$(1) -c 'import sys; print(sys.executable)' 2>/dev/null || \
               echo "$$(pyenv prefix $(1) 2>/dev/null)/bin/python$(1)")
WHEEL_PYTHONS ?= $(call python_for,3.11) $(call python_for,3.12)
wheels: setup
	packaging/build_wheels.sh $(BUILD)/wheels $(WHEEL_PYTHONS)

demo: setup build
	cd examples/jaffle_shop && ../../$(BUILD)/dbt-session build --profiles-dir .

# The suites are independent (each has its own DBT_SESSION_HOME, so its own metastore; servers
# take free ports): run three at a time, longest first (by their time in `make test`), so that
# no long suite starts late and runs alone at the end. Much of each suite's time is
# single-threaded (JVM start, dbt's parse), so this shortens `make test` even on 2 cores.
# The wheels are built in the third slot, beside the two longest suites, and only the suites
# that install them wait for them.
# tests/python, tests/functional and tests/stress run in one pytest process (test-in-process):
# one JVM started and warmed up instead of three. docs/tools/suite_cpu.sh runs the same list,
# each suite in a cgroup of its own, to measure them.
TEST_SUITES := test-conformance-suite test-e2e test-wheel-suites test-in-process test-faults \
  test-sanitizers lint test-cpp
test: setup build
	$(MAKE) --no-print-directory --output-sync=target -j3 $(TEST_SUITES)

test-wheel-suites:
	$(MAKE) --no-print-directory wheels
	$(MAKE) --no-print-directory test-images-suite
	$(MAKE) --no-print-directory test-packaging

test-cpp:
	$(BUILD)/cpp_tests

# ASan/UBSan (clang; libclang-rt-14-dev has libFuzzer): the doctest suite, then each libFuzzer
# target of tests/fuzz for FUZZ_SECONDS on the committed seed corpus (new inputs and any crash
# go to build-asan/fuzz). Its own CMake tree (-DDBT_SESSION_FUZZ=ON), so `make build` is as before.
# The doctest runner embeds CPython, which leaves objects allocated at exit by design: LeakSanitizer
# skips leaks with libpython in their stack (tests/fuzz/lsan_cpython.supp) and reports the rest.
ASAN_BUILD := build-asan
FUZZ_SECONDS ?= 25
FUZZERS := fuzz_sql_scanning fuzz_statement_split fuzz_parameter_markers fuzz_command_line

$(ASAN_BUILD)/build.ninja: CMakeLists.txt tests/fuzz/CMakeLists.txt $(VENV)/.installed
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DDBT_SESSION_FUZZ=ON \
	  -DPython_EXECUTABLE=$(CURDIR)/$(PYTHON) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -Dpybind11_DIR=$$($(PYTHON) -m pybind11 --cmakedir)

test-sanitizers: system-packages $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) --target cpp_tests $(FUZZERS)
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan_cpython.supp:print_suppressions=0 \
	  $(ASAN_BUILD)/cpp_tests
	@for fuzzer in $(FUZZERS); do \
	  corpus=tests/fuzz/corpus/$$([ $$fuzzer = fuzz_command_line ] && echo command_line || echo sql); \
	  mkdir -p $(ASAN_BUILD)/fuzz/$$fuzzer; \
	  $(ASAN_BUILD)/$$fuzzer -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -artifact_prefix=$(ASAN_BUILD)/fuzz/$$fuzzer- $(ASAN_BUILD)/fuzz/$$fuzzer $$corpus \
	    > $(ASAN_BUILD)/fuzz/$$fuzzer.log 2>&1 || { tail -n 40 $(ASAN_BUILD)/fuzz/$$fuzzer.log; exit 1; }; \
	  echo "$$fuzzer ($$corpus): $$(grep -a '^Done' $(ASAN_BUILD)/fuzz/$$fuzzer.log)"; \
	done

# The committed .clang-format, ruff.toml and pyproject's [tool.mypy], checked: CI fails on any.
lint: setup
	clang-format --dry-run --Werror $$(git ls-files 'host/*.[ch]pp' 'bindings/*.[ch]pp' 'tests/cpp/*.[ch]pp' 'tests/fuzz/*.[ch]pp')
	$(VENV)/bin/ruff check --output-format concise .
	$(VENV)/bin/mypy

# The loop to run while changing code: no JVM (docs/development.md).
test-fast: setup build
	$(BUILD)/cpp_tests
	DBT_SESSION_HOME=$(TEST_HOME)/fast $(PYTHON) -m pytest tests/python -q -m "not jvm"

test-python:
	DBT_SESSION_HOME=$(TEST_HOME)/python $(PYTHON) -m pytest tests/python -q

test-functional:
	DBT_SESSION_HOME=$(TEST_HOME)/functional $(PYTHON) -m pytest tests/functional -q

# The three in-process suites in one pytest process, the order of their folders kept; -rs prints
# every skip's reason. `make test` runs this instead of each on its own.
test-in-process:
	DBT_SESSION_HOME=$(TEST_HOME)/in-process $(PYTHON) -m pytest tests/python tests/functional \
	  tests/stress -q -rs

# The rest of dbt-tests-adapter's suites (utils, incremental, seeds, snapshots, unit tests,
# persist docs, constraints, aliases/caching, store failures): ~135 tests in their own pytest
# process (one JVM); with e2e the longest of `make test`'s suites (23–32 min each in CI), so
# both start first. -rs prints every skip's reason. `make test-conformance` runs it alone.
test-conformance: setup build
	$(MAKE) --no-print-directory test-conformance-suite

test-conformance-suite:
	DBT_SESSION_HOME=$(TEST_HOME)/conformance $(PYTHON) -m pytest tests/conformance -q -rs

test-e2e:
	DBT_SESSION_HOME=$(TEST_HOME)/e2e $(PYTHON) -m pytest tests/e2e -q --ignore-glob='tests/e2e/test_fault_*'

# Fault injection (signals at each phase, kills, bad start-up conditions): the binary as in
# test-e2e, in a process of its own so it runs beside the long suites.
test-faults:
	DBT_SESSION_HOME=$(TEST_HOME)/faults $(PYTHON) -m pytest tests/e2e/test_fault_*.py -q -rs

# pip install of the wheel (build/wheels, from make wheels) into a fresh venv, then a build of
# tests/projects/every_node_kind through the installed command (deps from pip's cache).
test-packaging:
	DBT_SESSION_WHEELS=$(CURDIR)/$(BUILD)/wheels DBT_SESSION_HOME=$(TEST_HOME)/packaging \
	  $(PYTHON) -m pytest tests/packaging -q

# The cp311 and cp312 wheels on three Databricks-runtime-shaped Debian root filesystems (15.4,
# 16.4, 17.3 LTS; packaging/images), in chroots: needs root. Images are cached in
# ~/.cache/dbt-session/images (the first run builds them, ~12 min; later ones unpack them).
# `make test` (which builds the wheels first) runs test-images-suite.
test-images: setup wheels
	$(MAKE) --no-print-directory test-images-suite

test-images-suite:
	DBT_SESSION_WHEELS=$(CURDIR)/$(BUILD)/wheels $(PYTHON) -m pytest tests/images -q -rs --durations=0

# dbt-session vs dbt-spark's session method vs a raw spark.sql replay, 50/200/500 models,
# in one process on one local SparkSession; results in build/bench, summary in docs/benchmarks.md.
bench: setup build
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	DBT_SESSION_HOME=$(TEST_HOME)/bench $(PYTHON) bench/run.py
	$(PYTHON) bench/report.py build/bench/results.json docs

bench-smoke:
	DBT_SESSION_HOME=$(TEST_HOME)/bench $(PYTHON) bench/run.py --smoke

# 61 models with --threads 8, DBT_SESSION_STRESS_RUNS times in a row (2 here, 20 in `make stress`).
test-stress:
	DBT_SESSION_HOME=$(TEST_HOME)/stress $(PYTHON) -m pytest tests/stress -q -s

# Also 20 signals at random moments of a build (2 in test-faults): tests/e2e/test_fault_signal_sweep.py.
stress: build
	DBT_SESSION_STRESS_RUNS=20 $(MAKE) test-stress
	DBT_SESSION_SIGNAL_SWEEP_RUNS=20 DBT_SESSION_HOME=$(TEST_HOME)/faults \
	  $(PYTHON) -m pytest tests/e2e/test_fault_signal_sweep.py -q -s

clean:
	rm -rf $(BUILD) examples/jaffle_shop/target examples/jaffle_shop/logs
