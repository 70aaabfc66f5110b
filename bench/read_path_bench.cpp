// The project's core claim: reading process status through the view cell
// vs asking actors (message passing) vs a mutex-guarded map, on the real
// STATUS CACHE with a writer changing one snapshot every `write_interval()`.
// Method and results: docs/BENCHMARKS.md.

#include <caf/scoped_actor.hpp>

#include <benchmark/benchmark.h>

#include "bench/read_path_env.hpp"
#include <sys/resource.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace hummel::bench {
namespace {

/// The process "read one" looks at: index 42 % N (0 when N = 1).
uint32_t probe_index(uint32_t n) {
  return 42 % n;
}

std::string probe_name(uint32_t n) {
  return "p" + std::to_string(probe_index(n));
}

// -- (a) view cell ----------------------------------------------------------

void bm_view_read_one(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  const uint32_t k = probe_index(env.n);
  writer_scope w{state, cache_writer(env)};
  { auto warm = env.cell.read(); } // registers the thread's epoch slot
  read_meter meter{state};
  for (auto _ : state) {
    auto v = env.cell.read();
    benchmark::DoNotOptimize(v->at(k)->status);
  }
  meter.finish(1);
}

void bm_view_find_one(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  const std::string name = probe_name(env.n);
  writer_scope w{state, cache_writer(env)};
  { auto warm = env.cell.read(); }
  read_meter meter{state};
  for (auto _ : state) {
    auto v = env.cell.read();
    benchmark::DoNotOptimize(v->find(name)->status);
  }
  meter.finish(1);
}

void bm_view_read_all(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  writer_scope w{state, cache_writer(env)};
  { auto warm = env.cell.read(); }
  read_meter meter{state};
  for (auto _ : state) {
    auto v = env.cell.read();
    uint64_t sum = 0;
    v->processes.for_each([&](const snapshot_ptr& x) { sum += x->run_id; });
    benchmark::DoNotOptimize(sum);
  }
  meter.finish(env.n);
}

// -- (b) message passing ----------------------------------------------------

void bm_msg_read_one(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  const std::string name = probe_name(env.n);
  caf::scoped_actor self{world::get().sys()};
  writer_scope w{state, cache_writer(env)};
  bool failed = false;
  read_meter meter{state};
  for (auto _ : state) {
    self->request(env.cache, request_timeout, atom::status_v, name)
      .receive([](snapshot_ptr& x) { benchmark::DoNotOptimize(x->status); },
               [&](caf::error&) { failed = true; });
    if (failed)
      break;
  }
  if (failed)
    state.SkipWithError("request to the status cache failed");
  meter.finish(1);
}

void bm_msg_read_all(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  caf::scoped_actor self{world::get().sys()};
  writer_scope w{state, cache_writer(env)};
  bool failed = false;
  read_meter meter{state};
  for (auto _ : state) {
    self->request(env.cache, request_timeout, atom::status_v, atom::all_v)
      .receive(
        [](std::vector<snapshot_ptr>& xs) {
          uint64_t sum = 0;
          for (const auto& x : xs)
            sum += x->run_id;
          benchmark::DoNotOptimize(sum);
        },
        [&](caf::error&) { failed = true; });
    if (failed)
      break;
  }
  if (failed)
    state.SkipWithError("request to the status cache failed");
  meter.finish(env.n);
}

/// Asks each of the N stand-in PROCESS actors: N requests out, N replies in.
void bm_msg_fan_out_all(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  caf::scoped_actor self{world::get().sys()};
  writer_scope w{state, [&env](std::mt19937& rng) {
                   const auto i = static_cast<uint32_t>(rng() % env.n);
                   caf::anon_send(env.procs[i], atom::update_v,
                                  make_change(i, rng));
                 }};
  using handle
    = decltype(self->request(env.procs[0], request_timeout, atom::status_v));
  std::vector<handle> pending;
  pending.reserve(env.n);
  bool failed = false;
  read_meter meter{state};
  for (auto _ : state) {
    pending.clear();
    for (const auto& p : env.procs)
      pending.push_back(self->request(p, request_timeout, atom::status_v));
    uint64_t sum = 0;
    for (auto& h : pending)
      h.receive([&](snapshot_ptr& x) { sum += x->run_id; },
                [&](caf::error&) { failed = true; });
    benchmark::DoNotOptimize(sum);
    if (failed)
      break;
  }
  if (failed)
    state.SkipWithError("request to a process actor failed");
  meter.finish(env.n);
}

// -- (c) mutex baseline -----------------------------------------------------

writer::write_fn mutex_writer(mutex_env& env) {
  return [&env](std::mt19937& rng) {
    const auto i = static_cast<uint32_t>(rng() % env.n);
    process_snapshot s = *make_change(i, rng);
    std::lock_guard lk{env.mu};
    env.map.find(s.name)->second = s;
  };
}

void bm_mutex_read_one(benchmark::State& state) {
  auto& env = world::get().mutexes(arg_n(state));
  const std::string name = probe_name(env.n);
  writer_scope w{state, mutex_writer(env)};
  process_snapshot copy;
  read_meter meter{state};
  for (auto _ : state) {
    {
      std::lock_guard lk{env.mu};
      copy = env.map.find(name)->second;
    }
    benchmark::DoNotOptimize(copy.status);
  }
  meter.finish(1);
}

void bm_mutex_read_all(benchmark::State& state) {
  auto& env = world::get().mutexes(arg_n(state));
  writer_scope w{state, mutex_writer(env)};
  std::vector<process_snapshot> copy;
  copy.reserve(env.n);
  read_meter meter{state};
  for (auto _ : state) {
    copy.clear();
    {
      std::lock_guard lk{env.mu};
      for (const auto& [name, x] : env.map)
        copy.push_back(x);
    }
    uint64_t sum = 0;
    for (const auto& x : copy)
      sum += x.run_id;
    benchmark::DoNotOptimize(sum);
  }
  meter.finish(env.n);
}

// -- context: what the writer side costs -----------------------------------

double process_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
         + static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec)
             * 1e-6;
}

/// No reader: the benchmark thread sleeps while the cache writer runs;
/// `cores_busy` is the whole process's CPU time / wall time, i.e. what the
/// writer thread, the STATUS CACHE's fold + publish, the CAF scheduler and
/// the epoch reclaimer take away from readers on this machine.
void bm_writer_load(benchmark::State& state) {
  auto& env = world::get().caches(arg_n(state));
  writer_scope w{state, cache_writer(env)};
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  const double cpu = process_cpu_seconds() - cpu0;
  const double wall
    = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
        .count();
  state.counters["cores_busy"] = cpu / wall;
}

void read_args(benchmark::internal::Benchmark* b) {
  b->Arg(1)->Arg(100)->Arg(10'000)->Threads(1)->Threads(2)->UseRealTime();
}

void fan_out_args(benchmark::internal::Benchmark* b) {
  // 10,000 actors per read: ~40-150 ms per iteration (extrapolated from
  // N = 100); too slow to loop on. See docs/BENCHMARKS.md.
  b->Arg(1)->Arg(100)->Threads(1)->Threads(2)->UseRealTime();
}

BENCHMARK(bm_view_read_one)->Apply(read_args);
BENCHMARK(bm_view_find_one)->Apply(read_args);
BENCHMARK(bm_view_read_all)->Apply(read_args);
BENCHMARK(bm_msg_read_one)->Apply(read_args);
BENCHMARK(bm_msg_read_all)->Apply(read_args);
BENCHMARK(bm_msg_fan_out_all)->Apply(fan_out_args);
BENCHMARK(bm_mutex_read_one)->Apply(read_args);
BENCHMARK(bm_mutex_read_all)->Apply(read_args);
BENCHMARK(bm_writer_load)
  ->Arg(1)
  ->Arg(100)
  ->Arg(10'000)
  ->UseRealTime()
  ->Unit(benchmark::kMillisecond);

} // namespace
} // namespace hummel::bench
