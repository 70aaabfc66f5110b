// Micro benchmarks for the logs area: line splitter throughput, a log
// file's record.

#include "logs/line_splitter.hpp"
#include "logs/log_format.hpp"
#include "logs/log_ring.hpp"
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

/// One log file record (log_format::append_record) of a `seq` line, as the
/// 1 M line tests write a million of them; `cached`: as a log file writes
/// a batch, the time's digits carried from one record to the next.
void log_records(benchmark::State& state, bool cached) {
  hummel::log_line line{1'000'000, 1'765'100'000'000, hummel::log_stream::out,
                        1, "line 0001000"};
  std::string out;
  hummel::log_format::record_cache cache;
  for (auto _ : state) {
    out.clear();
    for (int i = 0; i < 100; ++i) {
      ++line.seq;
      if (cached)
        hummel::log_format::append_record(out, line, cache);
      else
        hummel::log_format::append_record(out, line);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 100);
}

void bm_log_record(benchmark::State& state) {
  log_records(state, false);
}
BENCHMARK(bm_log_record);

void bm_log_record_batch(benchmark::State& state) {
  log_records(state, true);
}
BENCHMARK(bm_log_record_batch);

/// One line into a full memory ring of 10,000 lines (the default bound):
/// the oldest goes, the newest comes, as in a flood.
void bm_ring_push(benchmark::State& state) {
  hummel::log_ring ring{10'000, 8u << 20};
  hummel::log_line line{1, 1'765'100'000'000, hummel::log_stream::out, 1,
                        "line 0001000"};
  for (int i = 0; i < 20'000; ++i) {
    ++line.seq;
    ring.push(line);
  }
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) {
      ++line.seq;
      ring.push(line);
    }
    benchmark::DoNotOptimize(ring.last_seq());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 100);
}
BENCHMARK(bm_ring_push);

} // namespace
