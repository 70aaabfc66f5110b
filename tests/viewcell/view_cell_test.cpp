#include "viewcell/view_cell.hpp"

#include "viewcell/epoch.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using hummel::view_cell;

/// A value whose two fields the writer always sets equal; counts instances.
struct snapshot {
  static inline std::atomic<long> live{0};
  std::uint64_t version;
  std::uint64_t a;
  std::uint64_t b;
  explicit snapshot(std::uint64_t v) : version(v), a(v * 7 + 1), b(v * 7 + 1) {
    live.fetch_add(1);
  }
  ~snapshot() {
    a = 1; // a torn or freed read would show a != b
    b = 2;
    live.fetch_sub(1);
  }
};

/// The version of a snapshot, for `cell.with(version_of)`.
std::uint64_t version_of(const snapshot& s) {
  return s.version;
}

std::unique_ptr<const snapshot> make(std::uint64_t v) {
  return std::make_unique<const snapshot>(v);
}

/// A one-shot latch for handing control between test threads.
class gate {
public:
  void open() {
    std::lock_guard lk{mu_};
    open_ = true;
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lk{mu_};
    cv_.wait(lk, [&] { return open_; });
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

class view_cell_test : public testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(hummel::epoch::synchronize());
    base_live_ = snapshot::live.load();
  }
  void TearDown() override {
    ASSERT_TRUE(hummel::epoch::synchronize());
    EXPECT_EQ(snapshot::live.load(), base_live_);
  }
  long base_live_ = 0;
};

TEST_F(view_cell_test, readers_see_consistent_monotonic_values) {
  constexpr std::uint64_t versions = 100000;
  constexpr int readers = 3;
  view_cell<snapshot> cell{make(0)};
  std::atomic<bool> done{false};
  std::atomic<int> ready{0};
  std::vector<std::uint64_t> reads(readers, 0);
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r)
    threads.emplace_back([&, r] {
      std::uint64_t last = 0;
      std::uint64_t n = 0;
      ready.fetch_add(1);
      while (!done.load(std::memory_order_relaxed)) {
        auto v = cell.read();
        ASSERT_EQ(v->a, v->b);
        ASSERT_EQ(v->a, v->version * 7 + 1);
        ASSERT_GE(v->version, last);
        last = v->version;
        ++n;
      }
      EXPECT_EQ(cell.with(version_of), versions);
      reads[static_cast<std::size_t>(r)] = n;
    });
  while (ready.load() < readers)
    std::this_thread::yield();
  for (std::uint64_t v = 1; v <= versions; ++v)
    ASSERT_TRUE(cell.publish(make(v)));
  done.store(true);
  for (auto& t : threads)
    t.join();
  for (auto n : reads)
    EXPECT_GT(n, 0u);
  ASSERT_TRUE(hummel::epoch::synchronize());
  // Every replaced value is gone; only the current one is alive.
  EXPECT_EQ(snapshot::live.load(), base_live_ + 1);
  EXPECT_GE(hummel::epoch::stats().reclaimed, versions);
}

TEST_F(view_cell_test, with_returns_the_callback_result) {
  view_cell<snapshot> cell{make(5)};
  EXPECT_EQ(cell.with([](const snapshot& s) { return s.version; }), 5u);
  cell.publish(make(6));
  EXPECT_EQ(cell.with([](const snapshot& s) { return s.version; }), 6u);
  auto v = cell.read();
  EXPECT_EQ(v.get()->version, 6u);
}

TEST_F(view_cell_test, publish_null_is_rejected) {
  view_cell<snapshot> cell{make(1)};
  EXPECT_FALSE(cell.publish(nullptr));
  EXPECT_EQ(cell.with(version_of), 1u);
  EXPECT_FALSE(hummel::epoch::retire(nullptr, nullptr));
}

TEST_F(view_cell_test, idle_reader_thread_does_not_block_reclamation) {
  view_cell<snapshot> cell{make(0)};
  gate has_read;
  gate finish;
  std::thread idle{[&] {
    EXPECT_EQ(cell.with(version_of), 0u);
    has_read.open();
    finish.wait(); // registered, idle, outside any read section
  }};
  has_read.wait();
  for (std::uint64_t v = 1; v <= 100; ++v)
    cell.publish(make(v));
  EXPECT_TRUE(hummel::epoch::synchronize(10s));
  EXPECT_EQ(snapshot::live.load(), base_live_ + 1);
  finish.open();
  idle.join();
}

TEST_F(view_cell_test, open_read_section_holds_only_until_it_closes) {
  view_cell<snapshot> cell{make(0)};
  gate pinned;
  gate finish;
  std::uint64_t seen_a = 0;
  std::uint64_t seen_b = 0;
  std::thread holder{[&] {
    auto v = cell.read();
    pinned.open();
    finish.wait();
    seen_a = v->a; // still valid: its section is open
    seen_b = v->b;
  }};
  pinned.wait();
  for (std::uint64_t v = 1; v <= 10; ++v)
    cell.publish(make(v));
  EXPECT_FALSE(hummel::epoch::synchronize(50ms));
  EXPECT_GE(snapshot::live.load(), base_live_ + 2);
  finish.open();
  holder.join();
  EXPECT_EQ(seen_a, 1u);
  EXPECT_EQ(seen_b, 1u);
  EXPECT_TRUE(hummel::epoch::synchronize(10s));
  EXPECT_EQ(snapshot::live.load(), base_live_ + 1);
}

/// Signals when an instance is destroyed.
struct watched {
  static inline std::mutex mu;
  static inline std::condition_variable cv;
  static inline bool destroyed = false;
  ~watched() {
    std::lock_guard lk{mu};
    destroyed = true;
    cv.notify_all();
  }
};

TEST_F(view_cell_test, reclaims_promptly_without_synchronize) {
  view_cell<watched> cell{std::make_unique<const watched>()};
  std::thread([&] {
    { auto r = cell.read(); }
  }).join();
  { auto r = cell.read(); } // this thread is registered and now idle
  std::unique_lock lk{watched::mu};
  watched::destroyed = false;
  const auto start = std::chrono::steady_clock::now();
  cell.publish(std::make_unique<const watched>());
  ASSERT_TRUE(watched::cv.wait_for(lk, 5s, [] { return watched::destroyed; }));
  const auto ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count();
  RecordProperty("reclaim_ms", std::to_string(ms));
  // Typically ~1 ms (the batching delay); generous for sanitizer builds.
  EXPECT_LT(ms, 250.0);
}

TEST_F(view_cell_test, busy_writer_frees_old_values_itself) {
  view_cell<snapshot> cell{make(0)};
  const auto before = hummel::epoch::stats();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  std::uint64_t v = 0;
  // Once the reclaimer has judged some values safe, later publishes free
  // them on this thread (bounded: a few per publish).
  while (hummel::epoch::stats().reclaimed_by_retire
           == before.reclaimed_by_retire
         && std::chrono::steady_clock::now() < deadline) {
    for (int k = 0; k < 100; ++k)
      cell.publish(make(++v));
  }
  const auto after = hummel::epoch::stats();
  EXPECT_GT(after.reclaimed_by_retire, before.reclaimed_by_retire);
  EXPECT_LE(after.reclaimed_by_retire, after.reclaimed);
  EXPECT_EQ(cell.with(version_of), v);
}

TEST_F(view_cell_test, exited_threads_release_their_slots) {
  view_cell<snapshot> cell{make(3)};
  { auto r = cell.read(); }
  const auto before = hummel::epoch::stats();
  for (int i = 0; i < 1000; ++i)
    std::thread([&] { EXPECT_EQ(cell.with(version_of), 3u); }).join();
  for (int round = 0; round < 50; ++round) {
    std::vector<std::thread> group;
    for (int k = 0; k < 4; ++k)
      group.emplace_back([&] { EXPECT_EQ(cell.with(version_of), 3u); });
    for (auto& t : group)
      t.join();
  }
  const auto after = hummel::epoch::stats();
  EXPECT_LE(after.slots, before.slots + 4);
  EXPECT_EQ(after.slots_in_use, before.slots_in_use);
}

TEST_F(view_cell_test, nested_reads_of_two_cells) {
  view_cell<snapshot> first{make(10)};
  view_cell<snapshot> second{make(20)};
  {
    auto a = first.read();
    {
      auto b = second.read();
      auto a2 = first.read(); // same cell again
      std::thread writer{[&] {
        first.publish(make(11));
        second.publish(make(21));
        // This thread's sections pin the old values.
        EXPECT_FALSE(hummel::epoch::synchronize(20ms));
      }};
      writer.join();
      EXPECT_EQ(b->a, b->b);
      EXPECT_EQ(b->version, 20u);
      EXPECT_EQ(a2->version, 10u);
      EXPECT_EQ(second.with(version_of), 21u);
      EXPECT_FALSE(hummel::epoch::synchronize(0ns)); // inside a section
    }
    EXPECT_EQ(a->version, 10u);
    EXPECT_EQ(a->a, a->b);
    EXPECT_GE(snapshot::live.load(), base_live_ + 3);
  }
  // All sections closed: nothing pins the old values any more.
  EXPECT_TRUE(hummel::epoch::synchronize(10s));
  EXPECT_EQ(snapshot::live.load(), base_live_ + 2);
}

} // namespace
