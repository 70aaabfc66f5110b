#pragma once

// Shared setup of the read-path and publish benchmarks: one CAF actor
// system, a real STATUS CACHE with N processes behind a view cell, stand-in
// PROCESS actors for the fan-out read, a mutex-guarded map as the baseline,
// and a writer thread that keeps changing snapshots while readers read.
//
// Thread safety: `world::get()` and its `caches`/`mutexes` accessors may be
// called from any thread (a mutex guards creation); an environment is then
// read concurrently by reader threads. The STATUS CACHE actor is the only
// writer of its cell; `mutex_env::map` is touched only under `mutex_env::mu`.
// A `writer` runs its function on its own thread.

#include "actors/status_cache.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace hummel::bench {

/// The writer publishes one changed snapshot every this often (100k/s).
inline constexpr std::chrono::microseconds default_write_interval{10};

/// `default_write_interval`, or the environment variable
/// HUMMEL_BENCH_WRITE_INTERVAL_US when set (for exploring other rates).
std::chrono::microseconds write_interval() noexcept;

/// Timeout of every request on the message-passing path.
inline constexpr std::chrono::seconds request_timeout{1};

/// Process `i` as a running service ("p<i>", index i). Every string fits the
/// small-string buffer, so copying one (mutex baseline) allocates nothing.
process_snapshot make_base(uint32_t i);

/// A changed snapshot of process `i`, as a PROCESS actor would report it.
snapshot_ptr make_change(uint32_t i, std::mt19937& rng);

/// Stand-in for a PROCESS actor: holds its snapshot, answers `status`.
using bench_process_actor
  = caf::typed_actor<caf::reacts_to<atom::update, snapshot_ptr>,
                     caf::replies_to<atom::status>::with<snapshot_ptr>>;

/// N processes behind a real STATUS CACHE; for N <= 100 also N stand-in
/// PROCESS actors (fan-out reads).
struct cache_env {
  /// Number of processes.
  uint32_t n = 0;
  /// Written only by `cache`.
  view_cell<status_view> cell{make_empty_view("bench")};
  /// The real STATUS CACHE actor.
  status_cache_actor cache;
  /// Stand-in PROCESS actors, index i holds "p<i>" (empty when N > 100).
  std::vector<bench_process_actor> procs;
};

/// The baseline: N snapshots by name in a map guarded by one mutex.
struct mutex_env {
  /// Number of processes.
  uint32_t n = 0;
  /// Guards `map`.
  std::mutex mu;
  /// "p<i>" -> snapshot.
  std::unordered_map<std::string, process_snapshot> map;
};

/// One actor system for the whole run; environments are built on first use
/// and live until program exit.
class world {
public:
  /// The instance (created on first call).
  static world& get();

  /// The actor system (real work-stealing scheduler).
  caf::actor_system& sys() noexcept {
    return *sys_;
  }

  /// The STATUS CACHE environment with `n` processes, fed and published.
  cache_env& caches(uint32_t n);

  /// The mutex-map environment with `n` processes.
  mutex_env& mutexes(uint32_t n);

  /// Stops every actor, then the system.
  ~world();

private:
  world();

  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  std::mutex mu_;
  std::map<uint32_t, std::unique_ptr<cache_env>> caches_;
  std::map<uint32_t, std::unique_ptr<mutex_env>> mutexes_;
};

/// Calls a function every `write_interval()` on its own thread (catching up
/// after short stalls) until destroyed.
class writer {
public:
  /// One write; gets the writer's random generator.
  using write_fn = std::function<void(std::mt19937&)>;

  /// Starts the thread.
  explicit writer(write_fn f);

  /// Stops and joins the thread.
  ~writer();

  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  /// Writes per second since the start.
  double rate() const noexcept;

private:
  void run();

  write_fn f_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> count_{0};
  std::atomic<int64_t> elapsed_ns_{1};
  std::thread thread_;
};

/// Runs a writer during a benchmark run, on thread 0's behalf only.
class writer_scope {
public:
  /// Starts `f` on a writer thread when called from benchmark thread 0.
  writer_scope(benchmark::State& state, writer::write_fn f);

  /// Stops the writer; thread 0 reports its rate as `writes_per_s`.
  ~writer_scope();

private:
  benchmark::State& state_;
  std::optional<writer> writer_;
};

/// A write that sends a changed snapshot of a random process to the cache.
writer::write_fn cache_writer(cache_env& env);

/// Measures one reader thread's timed loop: construct it right before the
/// loop, call `finish` right after.
class read_meter {
public:
  /// Notes the thread's allocation count and the time.
  explicit read_meter(benchmark::State& state) noexcept;

  /// Sets items/s, `allocs_per_read` (allocations on the reader threads per
  /// read) and `ns_per_read` (wall nanoseconds per read on one thread,
  /// averaged over the threads).
  void finish(int64_t items_per_read);

private:
  benchmark::State& state_;
  uint64_t allocs0_;
  std::chrono::steady_clock::time_point t0_;
};

/// The benchmark's first argument, the number of processes.
inline uint32_t arg_n(const benchmark::State& state) {
  return static_cast<uint32_t>(state.range(0));
}

} // namespace hummel::bench
