# dbt-session — the two commands a user needs are `make demo` and `make test`.
# Underneath: `make setup` (system packages, .venv with exact pins, Delta jars; idempotent)
# and `make build` (build/dbt-session). Downloads are cached outside the checkout
# (~/.cache/pip, ~/.cache/dbt-session/jars).

SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
BUILD := build
BASE_PYTHON ?= $(shell command -v python3.11 || command -v python3)
DELTA_VERSION := $(shell sed -n 's/^delta-spark==//p' packaging/requirements.in)
SYSTEM_PACKAGES := pybind11-dev libboost-program-options-dev libspdlog-dev libyaml-cpp-dev \
                   doctest-dev cmake g++ ninja-build default-jre-headless
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Tests keep their warehouse and metastore away from the user's (~/.local/share/dbt-session).
TEST_HOME ?= $(CURDIR)/$(BUILD)/test-home

.PHONY: setup system-packages venv jars build demo test test-cpp test-python test-functional test-e2e clean
.PHONY: test-stress stress

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
	  assert sysconfig.get_config_var("Py_ENABLE_SHARED"), "Python must be built with --enable-shared (libpython) to be embedded"'
	test -x $(PYTHON) || $(BASE_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r packaging/requirements.txt
	# The checkout's adapter package and extension module, importable from the venv (pytest).
	# (Asked of the venv when this line runs: make expands a recipe before running it.)
	site=$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') && \
	  printf '%s\n%s\n' "$(CURDIR)/adapter_py" "$(CURDIR)/$(BUILD)/python" > "$$site/dbt_session_checkout.pth"
	touch $@

jars:
	packaging/fetch_delta_jars.sh $(DELTA_VERSION)

$(BUILD)/build.ninja: CMakeLists.txt $(VENV)/.installed
	cmake -S . -B $(BUILD) -G Ninja -DPython_EXECUTABLE=$(CURDIR)/$(PYTHON) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: system-packages $(BUILD)/build.ninja
	cmake --build $(BUILD) --parallel

demo: setup build
	cd examples/jaffle_shop && ../../$(BUILD)/dbt-session build --profiles-dir .

test: setup build test-cpp test-python test-functional test-e2e test-stress

test-cpp:
	$(BUILD)/cpp_tests

test-python:
	DBT_SESSION_HOME=$(TEST_HOME)/python $(PYTHON) -m pytest tests/python -q

test-functional:
	DBT_SESSION_HOME=$(TEST_HOME)/functional $(PYTHON) -m pytest tests/functional -q

test-e2e:
	DBT_SESSION_HOME=$(TEST_HOME)/e2e $(PYTHON) -m pytest tests/e2e -q

# 61 models with --threads 8, DBT_SESSION_STRESS_RUNS times in a row (2 here, 20 in `make stress`).
test-stress:
	DBT_SESSION_HOME=$(TEST_HOME)/stress $(PYTHON) -m pytest tests/stress -q -s

stress:
	DBT_SESSION_STRESS_RUNS=20 $(MAKE) test-stress

clean:
	rm -rf $(BUILD) examples/jaffle_shop/target examples/jaffle_shop/logs
