// Read-path and publish costs of the view cell, against the shared_ptr
// baselines, while a background writer publishes.
//
// The argument of the read benchmarks selects the writer:
//   0 = no writer, 1 = paced (sleep_for(1us) between publishes, timer slack
//   1 ns; the achieved rate is reported as publishes_per_s), 2 = flat out.
// Counters: allocs_per_read (heap allocations per read on reader threads
// after each thread's first read, counted by bench/alloc_counter.cpp),
// ns_per_read_thread (wall time per read as seen by each reader thread,
// averaged over threads), publishes_per_s (achieved writer rate).
// BM_view_publish reports freed_by_writer: the share of old views freed
// inside publish() on the writer thread rather than by the reclaimer.
#include "viewcell/epoch.hpp"
#include "viewcell/persistent_vector.hpp"
#include "viewcell/view_cell.hpp"

#include <benchmark/benchmark.h>

#include "bench/alloc_counter.hpp"
#include <sys/prctl.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using hummel::persistent_vector;
using hummel::view_cell;
using clk = std::chrono::steady_clock;

/// A 64-byte view; every read touches one field.
struct payload {
  std::uint64_t version = 0;
  std::array<std::uint64_t, 7> fields{};
};

/// The background writer shared by the read benchmarks.
class writer {
public:
  void start(int mode, std::function<void(std::uint64_t)> step) {
    count_.store(0);
    stop_.store(false);
    if (mode == 0)
      return;
    thread_ = std::thread{[this, mode, step = std::move(step)] {
      prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
      for (std::uint64_t v = 1; !stop_.load(std::memory_order_relaxed); ++v) {
        step(v);
        count_.fetch_add(1, std::memory_order_relaxed);
        if (mode == 1)
          std::this_thread::sleep_for(std::chrono::microseconds{1});
      }
    }};
  }
  void stop() {
    stop_.store(true);
    if (thread_.joinable())
      thread_.join();
  }
  std::uint64_t count() const {
    return count_.load(std::memory_order_relaxed);
  }

private:
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> count_{0};
  std::thread thread_;
};

writer the_writer;

payload make_payload(std::uint64_t v) {
  payload p;
  p.version = v;
  p.fields.fill(v);
  return p;
}

/// Runs the timed loop around `read` and reports the common counters.
template <class Read>
void read_loop(benchmark::State& state, Read read) {
  std::uint64_t sum = read(); // first read: registers the thread
  const auto allocs0 = hummel::bench::thread_allocs();
  const auto pubs0 = the_writer.count();
  const auto t0 = clk::now();
  for (auto _ : state) {
    sum += read();
    benchmark::DoNotOptimize(sum);
  }
  const double secs = std::chrono::duration<double>(clk::now() - t0).count();
  const auto allocs
    = static_cast<double>(hummel::bench::thread_allocs() - allocs0);
  const auto pubs = static_cast<double>(the_writer.count() - pubs0);
  const auto n = static_cast<double>(state.iterations());
  using counter = benchmark::Counter;
  // Inserting counters allocates: every figure is taken before this point.
  state.counters["allocs_per_read"] = counter(allocs, counter::kAvgIterations);
  state.counters["ns_per_read_thread"]
    = counter(secs * 1e9 / n, counter::kAvgThreads);
  state.counters["publishes_per_s"]
    = counter(pubs / secs, counter::kAvgThreads);
  state.SetItemsProcessed(state.iterations());
}

// --- view_cell -------------------------------------------------------------

view_cell<payload>* the_cell = nullptr;

void view_setup(const benchmark::State& s) {
  the_cell = new view_cell<payload>{std::make_unique<const payload>()};
  the_writer.start(static_cast<int>(s.range(0)), [](std::uint64_t v) {
    the_cell->publish(std::make_unique<const payload>(make_payload(v)));
  });
}

void view_teardown(const benchmark::State&) {
  the_writer.stop();
  delete the_cell;
  the_cell = nullptr;
  hummel::epoch::synchronize();
}

void BM_view_read(benchmark::State& state) {
  read_loop(state, [] {
    auto r = the_cell->read();
    return r->fields[3];
  });
}

// --- floor: raw atomic pointer, no reclamation (immutable ring) -----------

std::vector<payload>* the_ring = nullptr;
std::atomic<const payload*> the_raw{nullptr};

void raw_setup(const benchmark::State& s) {
  the_ring = new std::vector<payload>(4096);
  the_raw.store(the_ring->data());
  the_writer.start(static_cast<int>(s.range(0)), [](std::uint64_t v) {
    the_raw.store(&(*the_ring)[v % 4096], std::memory_order_release);
  });
}

void raw_teardown(const benchmark::State&) {
  the_writer.stop();
  delete the_ring;
  the_ring = nullptr;
}

void BM_raw_pointer_read(benchmark::State& state) {
  read_loop(state,
            [] { return the_raw.load(std::memory_order_acquire)->fields[3]; });
}

// --- baselines: shared_ptr -------------------------------------------------

std::atomic<std::shared_ptr<const payload>>* the_atomic_sp = nullptr;

void atomic_sp_setup(const benchmark::State& s) {
  the_atomic_sp = new std::atomic<std::shared_ptr<const payload>>{
    std::make_shared<const payload>()};
  the_writer.start(static_cast<int>(s.range(0)), [](std::uint64_t v) {
    the_atomic_sp->store(std::make_shared<const payload>(make_payload(v)));
  });
}

void atomic_sp_teardown(const benchmark::State&) {
  the_writer.stop();
  delete the_atomic_sp;
  the_atomic_sp = nullptr;
}

void BM_atomic_shared_ptr_read(benchmark::State& state) {
  read_loop(state, [] { return the_atomic_sp->load()->fields[3]; });
}

std::mutex the_mutex;
std::shared_ptr<const payload> the_locked_sp;

void mutex_sp_setup(const benchmark::State& s) {
  the_locked_sp = std::make_shared<const payload>();
  the_writer.start(static_cast<int>(s.range(0)), [](std::uint64_t v) {
    auto next = std::make_shared<const payload>(make_payload(v));
    std::lock_guard lk{the_mutex};
    the_locked_sp.swap(next);
  });
}

void mutex_sp_teardown(const benchmark::State&) {
  the_writer.stop();
  the_locked_sp.reset();
}

void BM_mutex_shared_ptr_read(benchmark::State& state) {
  read_loop(state, [] {
    std::shared_ptr<const payload> p;
    {
      std::lock_guard lk{the_mutex};
      p = the_locked_sp;
    }
    return p->fields[3];
  });
}

#define READ_BENCH(fn, prefix)                                                 \
  BENCHMARK(fn)                                                                \
    ->Setup(prefix##_setup)                                                    \
    ->Teardown(prefix##_teardown)                                              \
    ->ArgName("writer")                                                        \
    ->Arg(0)                                                                   \
    ->Arg(1)                                                                   \
    ->Arg(2)                                                                   \
    ->Threads(1)                                                               \
    ->Threads(2)                                                               \
    ->UseRealTime()

READ_BENCH(BM_view_read, view);
READ_BENCH(BM_raw_pointer_read, raw);
READ_BENCH(BM_atomic_shared_ptr_read, atomic_sp);
READ_BENCH(BM_mutex_shared_ptr_read, mutex_sp);

// --- persistent_vector and publishing -------------------------------------

/// A 32-byte per-process entry.
struct entry {
  std::uint64_t pid = 0;
  std::uint64_t restarts = 0;
  std::uint64_t state = 0;
  std::uint64_t since = 0;
};

persistent_vector<entry> make_vector(std::size_t n) {
  persistent_vector<entry> v;
  for (std::size_t i = 0; i < n; ++i)
    v = v.push_back(entry{i, 0, 1, 0});
  return v;
}

void BM_persistent_vector_set(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  auto v = make_vector(n);
  std::uint64_t i = 0;
  for (auto _ : state) {
    v = v.set(i % n, entry{i % n, i, 2, i});
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_persistent_vector_set)->Arg(1)->Arg(100)->Arg(10000);

/// A status view: version plus the process table.
struct status_view {
  std::uint64_t version = 0;
  persistent_vector<entry> procs;
};

void BM_view_publish(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  auto procs = make_vector(n);
  view_cell<status_view> cell{
    std::make_unique<const status_view>(status_view{0, procs})};
  std::uint64_t i = 0;
  for (auto _ : state) {
    procs = procs.set(i % n, entry{i % n, i, 2, i});
    cell.publish(std::make_unique<const status_view>(status_view{i, procs}));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  hummel::epoch::synchronize();
  const auto st = hummel::epoch::stats();
  state.counters["freed_by_writer"]
    = static_cast<double>(st.reclaimed_by_retire)
      / static_cast<double>(st.reclaimed);
}
BENCHMARK(BM_view_publish)->Arg(1)->Arg(100)->Arg(10000);

} // namespace
