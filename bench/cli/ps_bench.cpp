// `hummel ps`'s own work on a reply of N processes: reading the rows from
// the response line (status_rows.hpp) and formatting the table, what the
// CLI does between the daemon's last byte and its write. `ps_kept`: the
// usual form (an item object per process), rows kept, then the table
// (format.hpp), as `hummel ps` did until 2026-12-06; `ps`: the compact
// form (mcp::meta::rows) read once, each row's cells formatted as it is
// read and kept flat (status_table.hpp), as it does now (it read the line
// twice, measuring then writing, until 2026-12-07). The lines are the daemon's
// shapes for the fields `ps` asks for (as in
// tests/cli/cli_status_rows_test.cpp). Memory here is warm after the
// first iteration; a fresh CLI process pays each first touch as well
// (bench/cli/first_touch.c).
//
//   build/bench/hummel_ps_bench --benchmark_filter=ps
//   perf record -g build/bench/hummel_ps_bench --benchmark_filter=ps/5000

#include "main/cli/format.hpp"
#include "main/cli/status_rows.hpp"
#include "main/cli/status_table.hpp"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using nlohmann::json;

/// The response line to `hummel ps` for `n` running processes; `rows`:
/// in the compact form.
std::string reply_line(int n, bool rows) {
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
  json structured{{"node", "vm"}, {"processes", procs}};
  if (rows) {
    structured = {{"node", "vm"}, {"columns", json::array()}};
    for (const auto& [key, value] : procs[0].items())
      structured["columns"].push_back(key);
    auto values = json::array();
    for (const auto& p : procs) {
      auto row = json::array();
      for (const auto& [key, value] : p.items())
        row.push_back(value);
      values.push_back(std::move(row));
    }
    structured["rows"] = std::move(values);
  }
  json r{{"jsonrpc", "2.0"},
         {"id", 1},
         {"result",
          {{"content",
            {{{"type", "text"},
              {"text", std::to_string(n) + " processes: " + std::to_string(n)
                         + " running"}}}},
           {"structuredContent", std::move(structured)}}}};
  return r.dump();
}

void ps_kept(benchmark::State& state) {
  auto line = reply_line(static_cast<int>(state.range(0)), false);
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
BENCHMARK(ps_kept)->Arg(100)->Arg(1000)->Arg(10000)->Unit(
  benchmark::kMillisecond);

void ps(benchmark::State& state) {
  auto line = reply_line(static_cast<int>(state.range(0)), true);
  size_t out = 0;
  for (auto _ : state) {
    auto copy = line; // the CLI reads each reply into a fresh buffer
    hummel::cli::status_table table{false};
    table.expect(copy.size());
    auto kind = hummel::cli::for_each_status_row(
      copy, 1, [&](const hummel::cli::status_row& p) { table.add(p); });
    if (kind != hummel::cli::status_line_kind::rows)
      state.SkipWithError("not read as rows");
    auto text = table.text();
    out = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["line_bytes"] = static_cast<double>(line.size());
  state.counters["table_bytes"] = static_cast<double>(out);
}
BENCHMARK(ps)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
