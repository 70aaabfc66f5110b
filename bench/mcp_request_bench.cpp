// The user-space work of one read answered on the io thread
// (actors/mcp_tools/read_path.hpp): the request wrk sends in
// bench/e2e/status.lua (scripts_status, stateless 2026-07-28 era) through
// `mcp_read_path::answer`, the answer written to a channel that keeps the
// bytes. No socket, no HTTP: what the daemon spends beside the kernel per
// request of bench/e2e/read_bench.sh. And the listing `hummel ps` asks for,
// by the direct writer. Method and results: docs/BENCHMARKS.md.

#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/read_path.hpp"
#include "actors/mcp_tools/render.hpp"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "bench/alloc_counter.hpp"
#include "bench/read_path_env.hpp"

#include <memory>
#include <string>

namespace hummel::bench {
namespace {

/// Keeps the size of the last answer (the bytes are already built).
class sink_channel : public mcp_channel {
public:
  void emit(const mcp::output& out) override {
    bytes = out.json.size();
  }
  size_t bytes = 0;
};

std::string status_body(const std::string& args) {
  return R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":)"
         R"({"name":"scripts_status","arguments":)"
         + args
         + R"(,"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
           R"("io.modelcontextprotocol/clientCapabilities":{}}}})";
}

void run_answer(benchmark::State& state, const std::string& args) {
  auto& env = world::get().caches(arg_n(state));
  mcp_context ctx;
  ctx.cell = &env.cell;
  mcp::engine_config cfg;
  cfg.transport = mcp::transport_kind::http;
  cfg.check_results = false;
  mcp_read_path rp{world::get().sys(), &ctx, std::move(cfg), 1};
  mcp::http_headers h;
  h.protocol_version = "2026-07-28";
  h.method = "tools/call";
  h.name = "scripts_status";
  const auto body = status_body(args);
  auto ch = std::make_shared<sink_channel>();
  rp.answer(body, h, ch); // warm: the engine's first call
  auto allocs0 = thread_allocs();
  for (auto _ : state) {
    if (!rp.answer(body, h, ch))
      state.SkipWithError("not answered on the read path");
  }
  state.counters["answer_bytes"] = static_cast<double>(ch->bytes);
  state.counters["allocs"] = static_cast<double>(thread_allocs() - allocs0)
                             / static_cast<double>(state.iterations());
  rp.shutdown();
}

/// scripts_status of one process ("p0"), as bench/e2e/status.lua sends it.
void bm_answer_status_one(benchmark::State& state) {
  run_answer(state, R"({"name":"p0"})");
}

/// scripts_status of every process (no arguments).
void bm_answer_status_all(benchmark::State& state) {
  run_answer(state, "{}");
}

/// `hummel ps`'s listing of N processes, rendered by the direct writer:
/// the fields it asks for, brief text, compact rows (main/cli/commands.cpp),
/// what the unix io thread does per `hummel ps` besides the socket.
void bm_status_rows_for_ps(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  nlohmann::json args{
    {"fields",
     {"status", "ready", "pid", "exit_code", "signal", "uptime_ms", "restarts",
      "cpu_percent", "rss_bytes", "urls", "error_count", "restart_reason",
      "log_degraded"}}};
  size_t bytes = 0;
  for (auto _ : state) {
    auto view = env.cell.read();
    auto out
      = mcp_tools::status_from_view(*view, 1'800'000'000'000, args, true, true);
    if (!out.rendered)
      state.SkipWithError("not rendered by the direct writer");
    else
      bytes = out.rendered->structured.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

} // namespace

BENCHMARK(bm_answer_status_one)->Arg(100);
BENCHMARK(bm_answer_status_all)->Arg(100);
BENCHMARK(bm_status_rows_for_ps)
  ->Arg(1000)
  ->Arg(10000)
  ->Unit(benchmark::kMillisecond);

} // namespace hummel::bench
