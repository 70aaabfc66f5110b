# hummel — the two commands of the Quick start, and a few more.
#   make run    install missing packages, build, run the quickstart example
#   make test   install missing packages, build, run every test (CTest)
#   make test SANITIZE=thread|address   the same under a sanitizer
#   make check  clang-format and the file/function size rules
#   make bench  Release build, then the benchmarks
#   make fuzz   libFuzzer targets under ASan+UBSan, FUZZ_SECONDS each
#               (600; `make fuzz-short` = 60); needs clang (installed)
#   make soak   the daemon under a mixed load for SOAK_SECONDS (600)
#   make chaos  the cluster chaos test, CHAOS_RUNS (10) times (root only)
#   make hot-text  remake cmake/hot_text/sections.txt (the daemon's code
#               that runs, placed together: cmake/HotText.cmake), ~6 min
#   make install [PREFIX=/usr/local] [DESTDIR=]  build, then install the
#               binaries, man pages and shell completions

SHELL := /bin/bash
BUILD_TYPE ?= Release
SANITIZE ?=
JOBS ?= $(shell nproc)
BUILD := build$(if $(SANITIZE),-$(SANITIZE),)
WERROR ?= ON
# The chaos test (label chaos, root only) runs by `make chaos`, not here.
CTEST_ARGS ?= -LE chaos
# ccache hits across clones and folders (CI builds a fresh clone elsewhere).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

# Debian packages the build and the tests need.
PACKAGES := build-essential cmake pkg-config ccache libcaf-dev \
  nlohmann-json3-dev libspdlog-dev libgtest-dev libbenchmark-dev \
  libcli11-dev libtomlplusplus-dev libre2-dev liburcu-dev libboost-dev \
  curl procps util-linux libssl-dev openssl clang-format python3 \
  help2man groff-base libncurses-dev tmux libjemalloc-dev \
  rapidjson-dev liburing-dev
# The dashboard's end-to-end test drives Debian's Chromium (puppeteer-core
# from tests/e2e; no browser download).
PACKAGES += chromium
# npm installs the real MCP clients of the end-to-end tests (tests/e2e).
PACKAGES += $(if $(shell command -v npm 2>/dev/null),,npm)
E2E := tests/e2e

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all deps e2e-deps build run test check bench clean format install \
  fuzz fuzz-short soak chaos hot-text

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

# Sanitizer builds leave out the benchmarks (never run under a sanitizer;
# several CAF translation units less to compile in CI).
$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DHUMMEL_ENABLE_WERROR=$(WERROR) -DHUMMEL_SANITIZE=$(SANITIZE) \
	  -DHUMMEL_BUILD_BENCHMARKS=$(if $(SANITIZE),OFF,ON)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# Builds only what is installed (binaries, man pages, completions), then
# `cmake --install`: PREFIX/bin/{hummel,hummel-daemon,hummel-spawn},
# PREFIX/lib/hummel/hummel-tls.so (cluster TLS, opened only when used),
# PREFIX/share/man/man{1,5}, PREFIX/share/{bash-completion,zsh,fish}/...
install: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS) --target hummel hummel-daemon \
	  hummel-spawn hummel-tls hummel_docs
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

run: build
	./$(BUILD)/hummel daemon --dir examples/quickstart

# The pinned clients of tests/e2e (package-lock.json); only when missing or
# older than the lock file.
e2e-deps: deps
	@if [ ! -f $(E2E)/node_modules/.package-lock.json ] \
	  || [ $(E2E)/package-lock.json -nt $(E2E)/node_modules/.package-lock.json ]; \
	then \
	  echo "installing the e2e clients: npm ci in $(E2E)"; \
	  cd $(E2E) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null \
	    && touch node_modules/.package-lock.json; \
	fi

test: build e2e-deps
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)

# `make bench`: hummel beside supervisord and PM2, and hummel's two read
# paths (bench/peers/run.sh; BENCH_QUICK=1 for a ~3-minute smoke run,
# BENCH_ROUNDS=N). Writes build-bench/results/, the generated section of
# docs/BENCHMARKS.md and docs/plots/*.png. The peers: supervisor from
# Debian, PM2 (pinned) from npm into build-bench/peers.
BENCH_PACKAGES := supervisor gnuplot-nox wrk python3
BENCH_PACKAGES += $(if $(shell command -v npm 2>/dev/null),,npm)
PM2_VERSION := 7.0.4

bench: deps
	@$(MAKE) --no-print-directory deps PACKAGES="$(BENCH_PACKAGES)"
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release
	cmake --build build-bench -j$(JOBS) --target hummel hummel-spawn hummel_bench
	@mkdir -p build-bench/peers
	@if ! grep -qs '"version": "$(PM2_VERSION)"' \
	    build-bench/peers/node_modules/pm2/package.json; then \
	  echo "installing pm2@$(PM2_VERSION) into build-bench/peers"; \
	  cd build-bench/peers && { [ -f package.json ] || echo '{}' > package.json; } \
	    && npm install --no-audit --no-fund --loglevel=error \
	      pm2@$(PM2_VERSION) >/dev/null; \
	fi
	BENCH_COMMAND="make bench$(if $(BENCH_QUICK), BENCH_QUICK=$(BENCH_QUICK),)" \
	  bench/peers/run.sh; rc=$$?; \
	  /usr/bin/python3 bench/peers/report.py build-bench/results; exit $$rc

# `make fuzz`: the libFuzzer targets of fuzz/ (clang, ASan+UBSan, the
# libraries instrumented for coverage) in build-fuzz, each run for
# FUZZ_SECONDS on its seed corpus (fuzz/run.sh; FUZZ_TARGETS="dotenv ..."
# for some, FUZZ_PARALLEL=N targets at a time). Results in
# build-fuzz/fuzz-results.txt, findings in build-fuzz/artifacts/.
# libFuzzer and the sanitizer runtimes are in libclang-rt-dev.
FUZZ_PACKAGES := clang libclang-rt-dev
FUZZ_SECONDS ?= 600
FUZZ_PARALLEL ?= 1
FUZZ_TARGETS ?=

fuzz: deps
	@$(MAKE) --no-print-directory deps PACKAGES="$(FUZZ_PACKAGES)"
	CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release \
	  -DHUMMEL_SANITIZE=address -DHUMMEL_FUZZ=ON -DHUMMEL_BUILD_TESTS=OFF \
	  -DHUMMEL_BUILD_BENCHMARKS=OFF -DHUMMEL_ENABLE_WERROR=OFF
	cmake --build build-fuzz -j$(JOBS) --target hummel_fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_PARALLEL=$(FUZZ_PARALLEL) \
	  fuzz/run.sh build-fuzz $(FUZZ_TARGETS)

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

# `make soak`: bench/soak/run.sh on a Release build: a 50k lines/s flood, a
# restart storm, 64 MCP clients, log followers and `hummel ps` in a loop;
# RSS, fds, threads and scripts_status latency each second to
# build-bench/soak/soak.csv, a plot (soak.png) and summary.json.
SOAK_SECONDS ?= 600

soak: deps
	@$(MAKE) --no-print-directory deps PACKAGES="gnuplot-nox python3 procps"
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release
	cmake --build build-bench -j$(JOBS) --target hummel hummel-spawn
	SOAK_SECONDS=$(SOAK_SECONDS) bench/soak/run.sh build-bench

# `make chaos`: tests/chaos (network namespaces, netem, a partition that
# heals) CHAOS_RUNS times in a row; skipped unless root.
CHAOS_RUNS ?= 10

chaos: deps
	@$(MAKE) --no-print-directory deps PACKAGES="iproute2 nftables openssl python3"
	@$(MAKE) --no-print-directory $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS) --target hummel hummel_chaos_tests
	./$(BUILD)/tests/hummel_chaos_tests --gtest_repeat=$(CHAOS_RUNS) \
	  --gtest_break_on_failure

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# The house rules CI checks: clang-format clean, no file over 400 lines and
# no function over 120, dependencies one way
# (.ci/house_rules.py).
check: deps
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror
	python3 .ci/house_rules.py

# A coverage build in build-hot-text, its training run, the list (then
# `make` relinks the daemon with it).
hot-text: deps $(BUILD)/CMakeCache.txt
	cmake/hot_text/gen.sh $(BUILD)

clean:
	rm -rf build build-thread build-address build-bench build-fuzz \
	  build-hot-text
