// Issue "cluster", acceptance 4: reading the cluster view costs what reading
// the local view costs. The same reader loops as read_path_bench.cpp, on the
// view cell of a real CLUSTER VIEW actor that merges the real STATUS CACHE
// (N processes, the writer changing one snapshot every write_interval()) and
// 15 peers of N processes each; every local publish makes the CLUSTER VIEW
// publish again, so cluster readers race a writer too. The local-view rows
// to compare with are bm_view_read_one / bm_view_find_one (same run).

#include "actors/cluster_view.hpp"

#include <caf/scoped_actor.hpp>

#include <benchmark/benchmark.h>

#include "bench/read_path_env.hpp"

#include <map>
#include <mutex>

namespace hummel::bench {
namespace {

constexpr uint32_t peers = 15;

/// A CLUSTER VIEW over the N-process cache, plus 15 peers' views.
struct cluster_env {
  cache_env* local = nullptr;
  view_cell<cluster_view> cell{std::make_unique<cluster_view>()};
  cluster_view_actor viewer;
};

/// A peer view with N running processes "p<i>".
std::shared_ptr<const status_view> peer_view(uint32_t n, uint32_t peer) {
  view_builder b;
  for (uint32_t i = 0; i < n; ++i)
    b.fold(std::make_shared<const process_snapshot>(make_base(i)));
  return b.build(1, "peer" + std::to_string(peer), 0);
}

cluster_env& clusters(uint32_t n) {
  static std::mutex mu;
  static std::map<uint32_t, std::unique_ptr<cluster_env>> all;
  std::lock_guard guard{mu};
  auto& slot = all[n];
  if (slot)
    return *slot;
  slot = std::make_unique<cluster_env>();
  auto& env = *slot;
  env.local = &world::get().caches(n);
  auto& sys = world::get().sys();
  cluster_view_config vc;
  vc.local = &env.local->cell;
  vc.cell = &env.cell;
  vc.cache = env.local->cache;
  for (uint32_t p = 0; p < peers; ++p)
    vc.peers.push_back("127.0.0.1:" + std::to_string(1 + p));
  // No links: the reports below stand for peers that linked.
  vc.spawn_links = false;
  env.viewer = sys.spawn(cluster_viewer, vc);
  caf::scoped_actor self{sys};
  for (uint32_t p = 0; p < peers; ++p) {
    peer_report r;
    r.slot = p;
    r.entry.name = "peer" + std::to_string(p);
    r.entry.address = vc.peers[p];
    r.entry.state = link_state::linked;
    r.entry.view = peer_view(n, p);
    self->send(env.viewer, atom::report_v, std::move(r));
  }
  // Wait until every peer is in the published view.
  for (;;) {
    auto v = env.cell.read();
    if (v->nodes.size() == peers + 1 && v->nodes.back().view)
      break;
  }
  return env;
}

uint32_t probe_index(uint32_t n) {
  return 42 % n;
}

/// Reads one process of one node by index: node 7 (a peer) or 0 (local).
void bm_cluster_read_one(benchmark::State& state) {
  auto& env = clusters(arg_n(state));
  const uint32_t k = probe_index(env.local->n);
  const size_t node = state.range(1);
  writer_scope w{state, cache_writer(*env.local)};
  { auto warm = env.cell.read(); }
  read_meter meter{state};
  for (auto _ : state) {
    auto v = env.cell.read();
    benchmark::DoNotOptimize(v->nodes[node].view->at(k)->status);
  }
  meter.finish(1);
}

/// Reads one process by node name and process name (what scripts_status
/// with `node` does).
void bm_cluster_find_one(benchmark::State& state) {
  auto& env = clusters(arg_n(state));
  const std::string name = "p" + std::to_string(probe_index(env.local->n));
  const std::string node = state.range(1) == 0 ? "bench" : "peer7";
  writer_scope w{state, cache_writer(*env.local)};
  { auto warm = env.cell.read(); }
  read_meter meter{state};
  for (auto _ : state) {
    auto v = env.cell.read();
    benchmark::DoNotOptimize(v->find(node)->view->find(name)->status);
  }
  meter.finish(1);
}

void cluster_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n", "node"});
  for (int64_t n : {1, 100, 10'000})
    for (int64_t node : {0, 8})
      b->Args({n, node});
  b->Threads(1)->Threads(2)->UseRealTime();
}

BENCHMARK(bm_cluster_read_one)->Apply(cluster_args);
BENCHMARK(bm_cluster_find_one)->Apply(cluster_args);

} // namespace
} // namespace hummel::bench
