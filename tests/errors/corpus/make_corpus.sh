#!/usr/bin/env bash
# Regenerates the .log fixtures of the error-detection corpus with the real
# tools (see README.md). For people, not run by the tests.
#   tests/errors/corpus/make_corpus.sh            every ecosystem
#   tests/errors/corpus/make_corpus.sh node go    only these
# Each command runs in /tmp/hummel-corpus/<ecosystem>/ (a fresh copy of
# <ecosystem>/src/), so paths in the output are stable. The .json files keep
# their hand-checked "groups"; only "stream", "command" and "tool" are
# rewritten. After a regeneration, re-check the groups (git diff the .log).
# npm tools come from $CORPUS_NPM (default /tmp/corpus-npm), installed with
#   npm install --prefix /tmp/corpus-npm typescript eslint@9 @eslint/js@9 \
#     esbuild webpack webpack-cli jest vitest vite
# and typescript@5 with npm install --prefix /tmp/corpus-npm/ts5 typescript@5.
# Debian: golang-go python3-pytest default-jdk-headless gcc g++ clang make curl;
# rustc and cargo (rustup or Debian rustc/cargo).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
W=/tmp/hummel-corpus
NPM=${CORPUS_NPM:-/tmp/corpus-npm}
export PATH=$NPM/node_modules/.bin:$PATH
unset NO_COLOR FORCE_COLOR CI RUST_BACKTRACE 2>/dev/null
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
TOOL=""

. "$HERE/capture.sh"

ONLY="$*"

if want node; then
  prep node; TOOL="node $(node --version)"
  cap node throw stderr 'node throw.js'
  cap node typeerror stderr 'node typeerror.js'
  cap node rejection stderr 'node rejection.js'
  cap node rejection-string stderr 'node rejection-string.js'
  cap node missing-module stderr 'node missing-module.js'
  cap node syntax stderr 'node syntax.js'
  cap node cause stderr 'node cause.js'
  cap node econnrefused stderr 'node econnrefused.js'
  cap node esm-throw stderr 'node esm-throw.mjs'
  cap node logged-errors stderr 'node logged-errors.js'
  cap node assert stderr 'node assert.js'
  cap node twice stderr 'node twice.js'
  cap node throw-color stderr 'FORCE_COLOR=1 node throw.js'
  cap node warn-deprecation stderr 'node deprecation.js'
  cap node ok-server stderr 'node ok-server.js'
  cap node ok-chatty stderr 'node ok-chatty.js'
fi

if want npm; then
  prep npm; TOOL="npm $(npm --version)"
  cap npm banner-echo-error stdout 'npm run check-env'
  cap npm ok-banner stdout 'npm run lint'
  cap npm missing-script stderr 'npm run nope'
  cap npm no-package-json stderr 'cd / && npm run build'
fi

if want python; then
  prep python; TOOL="$(python3 --version)"
  for n in simple during cause chain3 recursion syntaxerr logged module_err keyerror_nested exc_group thread_exc task_never_retrieved; do
    cap python $n stderr "python3 $n.py"
  done
  cap python ok-http-server stderr 'python3 -m http.server 18765 --bind 127.0.0.1 & sleep 1; for p in / /simple.py /missing.js /pkg/ /favicon.ico; do curl -s -o /dev/null http://127.0.0.1:18765$p; done; kill $!; wait'
fi

if want log; then
  prep log; TOOL="$(python3 --version) logging"
  for m in errors fatal warnings logfmt; do
    cap log $m stderr "python3 app.py $m"
  done
  cap log ok-quiet stderr 'python3 app.py quiet'
fi

if want pytest; then
  prep pytest; TOOL="pytest $(pytest-3 --version 2>&1 | awk '{print $2}') (Debian python3-pytest), $(/usr/bin/python3 --version)"
  P='pytest-3 -p no:cacheprovider'
  cap pytest failures stdout "$P test_calc.py"
  cap pytest failures-color stdout "$P --color=yes test_calc.py::test_slug test_calc.py::test_dict"
  cap pytest fixture-error stdout "$P test_fixture.py"
  cap pytest collect-error stdout "$P broken"
  cap pytest short-tb stdout "$P --tb=short test_calc.py::test_parse_price_bad test_calc.py::test_add_floats"
  cap pytest ok-passing stdout "$P test_ok.py"
  cap pytest ok-verbose stdout "$P -v test_ok.py"
fi

if want gcc; then
  prep gcc
  TOOL="$(gcc --version | head -1)"
  cap gcc gcc-undeclared stderr 'g++ -c undeclared.cc -o /dev/null'
  cap gcc gcc-overload stderr 'g++ -c overload.cc -o /dev/null'
  cap gcc gcc-multi stderr 'gcc -c multi.c -o /dev/null'
  cap gcc gcc-template stderr 'g++ -c template.cc -o /dev/null'
  cap gcc gcc-missing-include stderr 'gcc -c missing_include.c -o /dev/null'
  cap gcc gcc-undeclared-color stderr 'g++ -fdiagnostics-color=always -c undeclared.cc -o /dev/null'
  cap gcc gcc-warn-and-error stderr 'g++ -Wall -Wextra -c warn_and_error.cc -o /dev/null'
  cap gcc gcc-link stderr 'gcc -c link_main.c -o link_main.o && gcc link_main.o -o link_main'
  cap gcc gcc-in-header stderr 'gcc -c uses_header.c -o /dev/null'
  cap gcc warn-gcc-wall stderr 'gcc -Wall -Wextra -c warnings.c -o /dev/null'
  TOOL="$(clang --version | head -1)"
  cap gcc clang-undeclared stderr 'clang++ -c undeclared.cc -o /dev/null'
  cap gcc clang-overload stderr 'clang++ -c overload.cc -o /dev/null'
  cap gcc clang-multi stderr 'clang -c multi.c -o /dev/null'
  cap gcc clang-template stderr 'clang++ -c template.cc -o /dev/null'
  cap gcc clang-multi-color stderr 'clang -fcolor-diagnostics -c multi.c -o /dev/null'
  cap gcc clang-in-header stderr 'clang -c uses_header.c -o /dev/null'
  cap gcc warn-clang-wall stderr 'clang -Wall -Wextra -c warnings.c -o /dev/null'
fi

if want sanitizer; then
  prep sanitizer
  TOOL="$(clang --version | head -1), AddressSanitizer"
  cap sanitizer asan-uaf-clang stderr 'clang++ -g -fsanitize=address uaf.cc -o uaf && ./uaf'
  cap sanitizer asan-heap-overflow-clang stderr 'clang -g -fsanitize=address overflow.c -o overflow && ./overflow'
  cap sanitizer asan-stack-overflow-color stderr 'clang -g -O0 -fsanitize=address stack.c -o stack && ASAN_OPTIONS=color=always ./stack'
  cap sanitizer lsan-leak-clang stderr 'clang -g -fsanitize=address leak.c -o leak && ./leak'
  TOOL="$(clang --version | head -1), UndefinedBehaviorSanitizer"
  cap sanitizer ubsan-clang stderr 'clang -g -fsanitize=undefined ub.c -o ub && ./ub'
  cap sanitizer ubsan-clang-stack stderr 'clang -g -fsanitize=undefined ub.c -o ub && UBSAN_OPTIONS=print_stacktrace=1 ./ub'
  TOOL="$(gcc --version | head -1), AddressSanitizer"
  cap sanitizer asan-uaf-gcc stderr 'g++ -g -fsanitize=address uaf.cc -o uaf-gcc && ./uaf-gcc'
  cap sanitizer asan-stack-overflow-gcc stderr 'gcc -g -fsanitize=address stack.c -o stack-gcc && ./stack-gcc'
  TOOL="$(gcc --version | head -1), UndefinedBehaviorSanitizer"
  cap sanitizer ubsan-gcc stderr 'gcc -g -fsanitize=undefined ub.c -o ub-gcc && ./ub-gcc'
fi

if want make; then
  prep make
  TOOL="$(make --version | head -1), $(gcc --version | head -1)"
  cap make compile-error stderr 'make clean >/dev/null; make'
  cap make keep-going stderr 'make clean >/dev/null; make -k app lint'
  cap make recursive stderr 'make clean >/dev/null; make recurse'
  cap make no-rule stderr 'make missing'
  sed -i 's/return 2 }/return 2; }/' "$W/make/util.c"
  cap make test-fails stderr 'make clean >/dev/null; make test'
  cap make ok-build stdout 'make -C ok'
fi

if want go; then
  prep go; TOOL="$(go version)"
  export GOFLAGS=-mod=mod GOCACHE=/tmp/hummel-corpus/gocache GOPATH=/tmp/hummel-corpus/gopath
  cap go panic-nil-map stderr 'go run ./nilmap'
  cap go panic-index stderr 'go run ./index'
  cap go panic-goroutine stderr 'go run ./goroutine'
  cap go panic-error-value stderr 'go run ./custom'
  cap go fatal-deadlock stderr 'go run ./deadlock'
  cap go panic-binary stderr 'go build -o nilmap-bin ./nilmap && ./nilmap-bin'
  cap go build-errors stderr 'go build -o /dev/null ./buildfail'
  cap go vet-errors stderr 'go vet ./vetfail'
  cap go test-fail stdout 'go test ./testfail'
  cap go ok-test-pass stdout 'go test -v ./okpass'
  unset GOFLAGS GOCACHE GOPATH
fi

if want rust; then
  prep rust; TOOL="$(rustc --version) (rustup)"
  cap rust panic-unwrap stderr 'rustc -g unwrap.rs 2>/dev/null && ./unwrap'
  cap rust panic-index stderr 'rustc -g index.rs 2>/dev/null && ./index'
  cap rust panic-expect stderr 'rustc -g expect.rs 2>/dev/null && ./expect'
  cap rust panic-thread stderr 'rustc -g thread.rs 2>/dev/null && ./thread'
  cap rust panic-backtrace stderr 'rustc -g index.rs 2>/dev/null && RUST_BACKTRACE=1 ./index'
  cap rust rustc-e0425 stderr 'rustc e0425.rs'
  cap rust rustc-multi stderr 'rustc multi.rs'
  cap rust rustc-borrow stderr 'rustc borrow.rs'
  cap rust rustc-multi-color stderr 'rustc --color=always multi.rs'
  cap rust warn-rustc stderr 'rustc warn.rs'
  TOOL="$(cargo --version) (rustup)"
  cap rust cargo-build stderr 'cd crate-bad && cargo build --offline -q'
  cap rust cargo-build-color stderr 'cd crate-bad && cargo build --offline --color=always'
  cap rust cargo-test-fail stdout 'cd crate && cargo test --offline -q 2>/dev/null'
  cap rust ok-cargo-test stdout 'cd crate && cargo test --offline 2>/dev/null -- --exact tests::sums'
  (cd "$W/rust" && rm -rf crate/target crate-bad/target)
  (cd "$W/rust" && rm -f unwrap index expect thread e0425 multi borrow warn)
fi

if want java; then
  prep java; TOOL="$(java -version 2>&1 | head -1), javac $(javac -version 2>&1 | awk '{print $2}')"
  (cd "$W/java" && mkdir -p out && javac -d out app/Npe.java app/Caused.java app/Logged.java app/Threads.java app/Suppressed.java)
  cap java npe stderr 'java -cp out app.Npe'
  cap java caused-by stderr 'java -cp out app.Caused'
  cap java logged stderr 'java -cp out app.Logged'
  cap java thread stderr 'java -cp out app.Threads'
  cap java suppressed stderr 'java -cp out app.Suppressed'
fi

if want typescript; then
  prep typescript
  TS5=$NPM/ts5/node_modules/.bin/tsc   # npm install --prefix $NPM/ts5 typescript@5
  TOOL="tsc $($TS5 --version | awk '{print $2}') (npm typescript@5)"
  cap typescript tsc5-plain stdout "$TS5 -p . --pretty false"
  cap typescript tsc5-pretty stdout "$TS5 -p . --pretty"
  cap typescript tsc5-single stdout "$TS5 --noEmit --strict --pretty false single.ts"
  cap typescript tsc5-single-pretty stdout "$TS5 --noEmit --strict --pretty single.ts"
  cap typescript tsc5-watch stdout "cd watch && timeout 25 $TS5 -w -p ."
  cap typescript ok-tsc5-watch stdout "cd ok && timeout 25 $TS5 -w -p . --preserveWatchOutput"
  TOOL="tsc $(tsc --version | awk '{print $2}') (npm typescript@7, native)"
  cap typescript tsc7-plain stdout 'tsc -p . --pretty false'
  cap typescript tsc7-pretty stdout 'tsc -p . --pretty'
fi

if want eslint; then
  prep eslint; TOOL="eslint $(eslint --version) (npm eslint@9, stylish)"
  cap eslint stylish stdout 'eslint src'
  cap eslint stylish-one-file stdout 'eslint src/util.js'
  cap eslint stylish-color stdout 'eslint --color src/server.js src/util.js'
  cap eslint warn-only stdout 'eslint warn'
  cap eslint warn-only-color stdout 'FORCE_COLOR=1 eslint warn'
fi

if want bundler; then
  prep bundler
  TOOL="esbuild $(esbuild --version) (npm)"
  cap bundler esbuild-resolve stderr 'esbuild bad/main.js --bundle --outfile=dist/bad.js'
  cap bundler esbuild-syntax stderr 'esbuild syntax/main.js --bundle --outfile=dist/syntax.js'
  cap bundler esbuild-color stderr 'esbuild bad/main.js --bundle --color=true --outfile=dist/bad.js'
  cap bundler esbuild-warn-and-error stderr 'esbuild warn/main.js --bundle --outfile=dist/warn.js'
  cap bundler ok-esbuild stderr 'esbuild good/main.js --bundle --outfile=dist/good.js'
  TOOL="webpack $(npmver webpack), webpack-cli $(npmver webpack-cli) (npm)"
  cap bundler webpack-resolve stdout 'webpack --env dir=bad'
  cap bundler webpack-syntax stdout 'webpack --env dir=syntax'
  cap bundler webpack-syntax-color stdout 'webpack --env dir=syntax --color'
  cap bundler warn-webpack stdout 'webpack --env dir=warn'
  cap bundler ok-webpack-progress stderr 'webpack --env dir=good --progress'
  cap bundler ok-webpack stdout 'webpack --env dir=good'
  TOOL="vite $(npmver vite) (npm)"
  cap bundler vite-build-resolve stderr 'cd bad && vite build --outDir ../dist/vite-bad --emptyOutDir'
  cap bundler vite-build-syntax stderr 'cd syntax && vite build --outDir ../dist/vite-syntax --emptyOutDir'
  cap bundler ok-vite-build stdout 'cd good && vite build --outDir ../dist/vite-good --emptyOutDir'
  V='vite --port 5199 --strictPort --host 127.0.0.1'
  cap bundler vite-dev-errors stderr "cd bad && ($V & p=\$!; sleep 4; for u in / /main.js /view.js; do curl -s -o /dev/null http://127.0.0.1:5199\$u; sleep 0.5; done; curl -s -o /dev/null http://127.0.0.1:5199/main.js; sleep 1; kill \$p; wait \$p)"
  cap bundler ok-vite-dev stdout "cd good && ($V & p=\$!; sleep 4; for u in / /main.js /math.js; do curl -s -o /dev/null http://127.0.0.1:5199\$u; done; sleep 1; kill \$p; wait \$p)"
fi

if want jest; then
  prep jest
  TOOL="jest $(npmver jest) (npm)"
  cap jest jest-failures stderr 'cd fail && jest'
  cap jest jest-failures-color stderr 'cd fail && jest --colors'
  cap jest jest-one-test stderr 'cd fail && jest -t "unknown discount"'
  cap jest jest-suite-failed stderr 'cd suite && jest'
  cap jest ok-jest-pass stderr 'cd ok && jest'
  cap jest ok-jest-pass-verbose stderr 'cd ok && jest --verbose'
  TOOL="vitest $(npmver vitest) (npm)"
  cap jest vitest-failures stderr 'cd vfail && NO_COLOR=1 vitest run'
  cap jest vitest-failures-color stderr 'cd vfail && vitest run'
  cap jest ok-vitest-pass stdout 'cd vok && NO_COLOR=1 vitest run'
fi
