// Micro benchmarks for the logs area: line splitter throughput.

#include "logs/line_splitter.hpp"
#include "logs/text.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

namespace {

// 1M short lines ("[12:00:00] GET /api/items/NNNNNN 200 3ms"), ~40 bytes each.
const std::string& short_lines() {
  static const std::string data = [] {
    std::string s;
    constexpr size_t count = 1'000'000;
    s.reserve(count * 44);
    for (size_t i = 0; i < count; ++i) {
      s += "[12:00:00] GET /api/items/";
      s += std::to_string(i);
      s += " 200 3ms\n";
    }
    return s;
  }();
  return data;
}

void feed_in_chunks(benchmark::State& state, size_t chunk) {
  const auto& data = short_lines();
  size_t lines = 0;
  for (auto _ : state) {
    hummel::line_splitter splitter;
    size_t n = 0;
    auto emit = [&](std::string_view line) {
      benchmark::DoNotOptimize(line.data());
      ++n;
    };
    std::string_view v{data};
    for (size_t i = 0; i < v.size(); i += chunk)
      splitter.feed(v.substr(i, chunk), emit);
    splitter.finish(emit);
    lines += n;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations())
                          * static_cast<int64_t>(data.size()));
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(lines),
                                                 benchmark::Counter::kIsRate);
}

/// Splitter fed in pipe-sized (64 KiB) chunks.
void bm_splitter_64k_chunks(benchmark::State& state) {
  feed_in_chunks(state, 64 * 1024);
}
BENCHMARK(bm_splitter_64k_chunks)->Unit(benchmark::kMillisecond);

/// Splitter fed in 4 KiB chunks (more lines cross chunk boundaries).
void bm_splitter_4k_chunks(benchmark::State& state) {
  feed_in_chunks(state, 4096);
}
BENCHMARK(bm_splitter_4k_chunks)->Unit(benchmark::kMillisecond);

/// sanitize_utf8 on a valid line (the common fast path).
void bm_sanitize_valid_line(benchmark::State& state) {
  std::string line = "  \xE2\x9E\x9C  Local:   http://localhost:5173/ ready "
                     "in 312 ms, serving /src and /public";
  for (auto _ : state)
    benchmark::DoNotOptimize(hummel::sanitize_utf8(line));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations())
                          * static_cast<int64_t>(line.size()));
}
BENCHMARK(bm_sanitize_valid_line);

} // namespace
