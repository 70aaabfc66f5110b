// Litmus and stress checks of the epoch protocol, run by the mode tests in
// the test process (membarrier mode) and in a child switched to the fenced
// mode. They return counts instead of asserting, so a death-test child can
// turn them into an exit code.
#pragma once

#include "viewcell/epoch.hpp"
#include "viewcell/view_cell.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace hummel::test {

/// Spins until `ready()`, yielding once the wait gets long (the test
/// machine may have fewer cores than busy threads).
template <class Ready>
void spin_until(Ready ready) {
  for (int spins = 0; !ready(); ++spins)
    if (spins > 1024)
      std::this_thread::yield();
}

/// Result of a store-buffering run.
struct litmus_result {
  std::uint64_t rounds = 0;    ///< rounds both threads completed
  std::uint64_t forbidden = 0; ///< rounds in which both loads saw 0
};

/// Store buffering with the protocol's two fences: thread R stores x then
/// runs the reader-side fence and loads y (a reader announcing, then
/// loading the cell); thread W stores y then runs the reclaimer's barrier
/// and loads x (a publish, then a scan). Both loads seeing 0 is what the
/// protocol forbids. Runs up to `rounds` rounds or until `budget` is spent.
template <class ReaderFence, class ReclaimerFence>
litmus_result store_buffering(int rounds, std::chrono::milliseconds budget,
                              ReaderFence reader_fence,
                              ReclaimerFence reclaimer_fence) {
  struct alignas(64) cell_word {
    std::atomic<int> v{0};
  };
  const auto n = static_cast<std::size_t>(rounds);
  auto x = std::make_unique<cell_word[]>(n);
  auto y = std::make_unique<cell_word[]>(n);
  std::vector<int> r1(n);
  std::vector<int> r2(n);
  std::atomic<int> reader_round{0};
  std::atomic<int> writer_round{0};
  std::atomic<bool> stop{false};
  std::thread reader{[&] {
    for (int i = 0; i < rounds; ++i) {
      spin_until([&] {
        return writer_round.load(std::memory_order_acquire) >= i
               || stop.load(std::memory_order_acquire);
      });
      if (writer_round.load(std::memory_order_acquire) < i)
        break; // stopped
      const auto k = static_cast<std::size_t>(i);
      x[k].v.store(1, std::memory_order_relaxed);
      reader_fence();
      r1[k] = y[k].v.load(std::memory_order_relaxed);
      reader_round.store(i + 1, std::memory_order_release);
    }
  }};
  const auto deadline = std::chrono::steady_clock::now() + budget;
  int done = 0;
  for (; done < rounds; ++done) {
    if ((done & 63) == 0 && std::chrono::steady_clock::now() > deadline)
      break;
    spin_until(
      [&] { return reader_round.load(std::memory_order_acquire) >= done; });
    const auto k = static_cast<std::size_t>(done);
    y[k].v.store(1, std::memory_order_relaxed);
    reclaimer_fence();
    r2[k] = x[k].v.load(std::memory_order_relaxed);
    writer_round.store(done + 1, std::memory_order_release);
  }
  stop.store(true, std::memory_order_release);
  reader.join();
  // The reader may have done one round more than the writer; ignore it.
  const auto last = std::min(static_cast<std::size_t>(done),
                             static_cast<std::size_t>(reader_round.load()));
  litmus_result result;
  result.rounds = last;
  for (std::size_t k = 0; k < last; ++k)
    result.forbidden += (r1[k] == 0 && r2[k] == 0) ? 1 : 0;
  return result;
}

/// The same with the domain's own fences in its current mode.
inline litmus_result store_buffering(int rounds,
                                     std::chrono::milliseconds budget) {
  return store_buffering(
    rounds, budget, [] { epoch::testing::reader_fence(); },
    [] { epoch::testing::reclaimer_barrier(); });
}

/// A view whose fields the writer sets equal and the destructor breaks.
struct stress_view {
  std::uint64_t version;
  std::array<std::uint64_t, 8> words;
  explicit stress_view(std::uint64_t v) : version(v) {
    words.fill(v * 7 + 1);
  }
  ~stress_view() {
    words.fill(0xdead);
    words[0] = 1;
  }
};

/// Readers check every view they pin while one writer publishes for
/// `duration`. Returns the number of torn or freed views seen (0 expected)
/// and sets `reads` to the number of reads made.
inline std::uint64_t stress_errors(std::chrono::milliseconds duration,
                                   std::uint64_t& reads) {
  view_cell<stress_view> cell{std::make_unique<const stress_view>(0)};
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> total{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r)
    readers.emplace_back([&] {
      std::uint64_t n = 0;
      std::uint64_t bad = 0;
      while (!done.load(std::memory_order_relaxed)) {
        auto v = cell.read();
        const auto expect = v->version * 7 + 1;
        for (auto w : v->words)
          bad += w != expect ? 1 : 0;
        ++n;
      }
      errors.fetch_add(bad);
      total.fetch_add(n);
    });
  const auto end = std::chrono::steady_clock::now() + duration;
  for (std::uint64_t v = 1; std::chrono::steady_clock::now() < end; ++v)
    cell.publish(std::make_unique<const stress_view>(v));
  done.store(true);
  for (auto& t : readers)
    t.join();
  reads = total.load();
  return errors.load();
}

} // namespace hummel::test
