// The cost of publishing ONE changed process snapshot, at N = 1, 100 and
// 10,000 processes:
//  - actor: end to end through the real STATUS CACHE (send one update, spin
//    until the cell's version changes): mailbox, scheduling, fold, flush
//    message, publish;
//  - direct: the operations the cache's fold + publish perform
//    (actors/status_cache.cpp), composed from their public parts:
//    persistent_vector::set, building a status_view, view_cell::publish.

#include <caf/send.hpp>

#include <benchmark/benchmark.h>

#include "bench/read_path_env.hpp"

#include <chrono>
#include <random>
#include <thread>
#include <vector>

namespace hummel::bench {
namespace {

void bm_publish_one_change_actor(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  std::mt19937 rng{7};
  for (auto _ : state) {
    const auto i = static_cast<uint32_t>(rng() % env.n);
    auto x = make_change(i, rng);
    const auto version
      = [&] { return env.cell.with([](const auto& v) { return v.version; }); };
    const uint64_t before = version();
    caf::anon_send(env.cache, atom::update_v, std::move(x));
    while (version() == before)
      std::this_thread::yield();
  }
  state.SetItemsProcessed(state.iterations());
}

void bm_publish_one_change_direct(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  const std::string node = "bench";
  // This benchmark's own cell: the actor stays the only writer of its cell.
  view_cell<status_view> cell{make_empty_view(node)};
  // A STATUS CACHE state, copied from the actor's newest view (it shares
  // every node), publishing into the benchmark's cell.
  status_cache_state st;
  st.cell = &cell;
  st.node = node;
  {
    auto v = env.cell.read();
    st.builder.reset(*v);
    st.version = v->version;
  }
  // Snapshots are made by PROCESS actors, not by the publisher.
  std::mt19937 rng{7};
  std::vector<snapshot_ptr> changes;
  for (int j = 0; j < 1024; ++j)
    changes.push_back(make_change(static_cast<uint32_t>(rng() % env.n), rng));
  size_t j = 0;
  for (auto _ : state) {
    // The actor's own fold and publish, minus its mailbox.
    fold_snapshot(st, changes[j++ & 1023]);
    publish_view(st);
    st.changed.clear();
  }
  state.SetItemsProcessed(state.iterations());
  // Views retired but not yet freed by the epoch reclaimer when the loop
  // ended; then drain them so the next run starts clean.
  const auto stats = epoch::stats();
  state.counters["backlog_views"]
    = static_cast<double>(stats.retired - stats.reclaimed);
  epoch::synchronize(std::chrono::seconds{30});
}

BENCHMARK(bm_publish_one_change_actor)
  ->Arg(1)
  ->Arg(100)
  ->Arg(10'000)
  ->UseRealTime()
  ->Unit(benchmark::kMicrosecond);
BENCHMARK(bm_publish_one_change_direct)
  ->Arg(1)
  ->Arg(100)
  ->Arg(10'000)
  ->UseRealTime()
  ->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace hummel::bench
