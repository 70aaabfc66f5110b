#!/usr/bin/env bash
# Regenerates cmake/hot_text/sections.txt (cmake/HotText.cmake says why;
# `make hot-text` runs it on build/):
#   cmake/hot_text/gen.sh [RELEASE_BUILD]   (default build/, as `make` makes it)
# 1. a coverage build of hummel-daemon in build-hot-text/ (-O2 --coverage),
# 2. the training run on it (cmake/hot_text/train.sh),
# 3. the functions that ran, as the Release objects' section names
#    (cmake/hot_text/gen.py), hottest first.
# Then rebuild: the daemon links with the new list. Run it when the code
# that runs every day has changed much (the list's second line gives its
# size; docs/BENCHMARKS.md "Hot text" how to measure what it saves).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
rel=$(cd "${1:-$src/build}" && pwd)
cov=$src/build-hot-text
cmake -S "$src" -B "$cov" -DCMAKE_BUILD_TYPE=Release -DHUMMEL_BUILD_TESTS=OFF \
  -DHUMMEL_BUILD_BENCHMARKS=OFF -DHUMMEL_HOT_TEXT=OFF \
  -DCMAKE_CXX_FLAGS=--coverage -DCMAKE_EXE_LINKER_FLAGS=--coverage \
  -DCMAKE_SHARED_LINKER_FLAGS=--coverage > /dev/null
cmake --build "$cov" -j"$(nproc)" --target hummel-daemon
cmake --build "$rel" -j"$(nproc)" --target hummel-daemon hummel hummel-spawn
# The covered daemon beside the Release CLI (whose own runs would count
# the libraries it shares with the daemon as run): copies, as the CLI finds
# the daemon next to its own resolved path.
bin=$cov/train-bin
rm -rf "$bin" && mkdir -p "$bin"
cp "$cov/hummel-daemon" "$cov/hummel-tls.so" "$rel/hummel" "$rel/hummel-spawn" "$bin/"
find "$cov" -name '*.gcda' -delete
"$src/cmake/hot_text/train.sh" "$bin"
"$src/cmake/hot_text/gen.py" "$cov" "$rel" "$src/cmake/hot_text/sections.txt"
