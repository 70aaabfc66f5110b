// `hummel ps`'s own work on a reply of N processes: reading the rows from
// the response line (status_rows.hpp) and formatting the table (format.hpp),
// what the CLI does between the daemon's last byte and its write. The line
// is the daemon's shape for the fields `ps` asks for (as in
// tests/cli/cli_status_rows_test.cpp).
//
//   build/bench/hummel_ps_bench --benchmark_filter=ps
//   perf record -g build/bench/hummel_ps_bench --benchmark_filter=ps/5000

#include "main/cli/format.hpp"
#include "main/cli/status_rows.hpp"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using nlohmann::json;

/// The response line to `hummel ps` for `n` running processes.
std::string reply_line(int n) {
  json procs = json::array();
  for (int i = 0; i < n; ++i)
    procs.push_back({{"cpu_percent", 0.0},
                     {"error_count", 0},
                     {"exit_code", nullptr},
                     {"log_degraded", nullptr},
                     {"name", "s" + std::to_string(i + 1)},
                     {"pid", 7836 + i},
                     {"ready", true},
                     {"restart_reason", nullptr},
                     {"restarts", 0},
                     {"rss_bytes", 1683456},
                     {"signal", nullptr},
                     {"status", "running"},
                     {"uptime_ms", 134461 + i},
                     {"urls", json::array()}});
  json r{{"jsonrpc", "2.0"},
         {"id", 1},
         {"result",
          {{"content",
            {{{"type", "text"},
              {"text", std::to_string(n) + " processes: " + std::to_string(n)
                         + " running"}}}},
           {"structuredContent",
            {{"node", "vm"}, {"processes", std::move(procs)}}}}}};
  return r.dump();
}

void ps(benchmark::State& state) {
  auto line = reply_line(static_cast<int>(state.range(0)));
  size_t out = 0;
  for (auto _ : state) {
    auto copy = line; // the CLI reads each reply into a fresh buffer
    std::vector<hummel::cli::status_row> rows;
    auto kind = hummel::cli::status_rows_from_line(copy, 1, rows);
    if (kind != hummel::cli::status_line_kind::rows)
      state.SkipWithError("not read as rows");
    auto text = hummel::cli::format_status_table(rows, false);
    out = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["line_bytes"] = static_cast<double>(line.size());
  state.counters["table_bytes"] = static_cast<double>(out);
}
BENCHMARK(ps)->Arg(100)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
