# hummel — the two commands of the Quick start, and a few more.
#   make run    install missing packages, build, run the quickstart example
#   make test   install missing packages, build, run every test (CTest)
#   make test SANITIZE=thread|address   the same under a sanitizer
#   make bench  Release build, then the benchmarks

SHELL := /bin/bash
BUILD_TYPE ?= Release
SANITIZE ?=
JOBS ?= $(shell nproc)
BUILD := build$(if $(SANITIZE),-$(SANITIZE),)
WERROR ?= ON
CTEST_ARGS ?=

# Debian packages the build and the tests need.
PACKAGES := build-essential cmake pkg-config ccache libcaf-dev \
  nlohmann-json3-dev libspdlog-dev libgtest-dev libbenchmark-dev \
  libcli11-dev libtomlplusplus-dev libre2-dev liburcu-dev libboost-dev \
  curl procps util-linux
# npm installs the real MCP clients of the end-to-end tests (tests/e2e).
PACKAGES += $(if $(shell command -v npm 2>/dev/null),,npm)
E2E := tests/e2e

.PHONY: all deps e2e-deps build run test bench clean format

all: build

# Installs only what is missing; quiet when nothing is.
deps:
	@missing=$$(for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	    | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DHUMMEL_ENABLE_WERROR=$(WERROR) -DHUMMEL_SANITIZE=$(SANITIZE)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

run: build
	./$(BUILD)/hummel daemon --dir examples/quickstart

# The pinned clients of tests/e2e (package-lock.json); only when missing or
# older than the lock file.
e2e-deps: deps
	@if [ ! -f $(E2E)/node_modules/.package-lock.json ] \
	  || [ $(E2E)/package-lock.json -nt $(E2E)/node_modules/.package-lock.json ]; \
	then \
	  echo "installing the e2e clients: npm ci in $(E2E)"; \
	  cd $(E2E) && npm ci --no-audit --no-fund --loglevel=error >/dev/null \
	    && touch node_modules/.package-lock.json; \
	fi

test: build e2e-deps
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)

bench: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release
	cmake --build build-bench -j$(JOBS) --target hummel_bench
	./build-bench/bench/hummel_bench --benchmark_min_time=0.2

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf build build-thread build-address build-bench
