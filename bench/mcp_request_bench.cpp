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
#include "logs/text.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/tools.hpp"

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

/// The unfiltered scripts_status rendered once for a new view version
/// (actors/mcp_tools/render.cpp): a copy of the view starts without its
/// render, so each iteration renders N processes anew, by the direct
/// writer.
void bm_render_status_all(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  auto view = env.cell.read();
  size_t bytes = 0;
  for (auto _ : state) {
    status_view copy = *view;
    auto out = mcp_tools::status_rendered(copy, copy.built_ms);
    bytes = out.rendered
              ? out.rendered->structured.size() + out.rendered->text.size()
              : 0;
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

/// The same answer by the JSON path it took before (a tree of every item,
/// then dump), side by side.
void bm_render_status_all_json(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  auto view = env.cell.read();
  size_t bytes = 0;
  for (auto _ : state) {
    std::vector<snapshot_ptr> xs;
    view->processes.for_each([&](const snapshot_ptr& x) { xs.push_back(x); });
    auto x = mcp_tools::status_from(xs, {}, nlohmann::json::object(),
                                    view->built_ms, *view, 0);
    auto all = mcp::dump(*x.structured);
    auto text = mcp::dump(
      nlohmann::json(strip_ansi(mcp::scripts_status_tool.text(*x.structured))));
    bytes = all.size() + text.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

} // namespace

BENCHMARK(bm_render_status_all)
  ->Arg(1000)
  ->Arg(10000)
  ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_render_status_all_json)
  ->Arg(1000)
  ->Arg(10000)
  ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_answer_status_one)->Arg(100);
BENCHMARK(bm_answer_status_all)->Arg(100);
BENCHMARK(bm_status_rows_for_ps)
  ->Arg(1000)
  ->Arg(10000)
  ->Unit(benchmark::kMillisecond);

} // namespace hummel::bench
