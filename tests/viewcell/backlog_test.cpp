// A stuck reader: the reclaimer backs off instead of scanning (and sending
// membarrier interrupts) every millisecond, and the domain names the
// reader and the age of its pin, so the backlog can be traced to it.
#include "viewcell/epoch.hpp"
#include "viewcell/view_cell.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace {

using namespace std::chrono_literals;
namespace epoch = hummel::epoch;

struct value {
  int version;
};

/// A reader thread that holds one guard until told to let go.
class stuck_reader {
public:
  explicit stuck_reader(const hummel::view_cell<value>& cell)
    : thread_([this, &cell] {
        auto v = cell.read();
        tid_.store(static_cast<int>(gettid()));
        while (!release_.load())
          std::this_thread::sleep_for(1ms);
      }) {
    while (tid_.load() == 0)
      std::this_thread::sleep_for(1ms);
  }
  ~stuck_reader() {
    release_.store(true);
    thread_.join();
  }
  int tid() const {
    return tid_.load();
  }

private:
  std::atomic<int> tid_{0};
  std::atomic<bool> release_{false};
  std::thread thread_;
};

TEST(epoch_backlog, reclaimer_backs_off_and_names_a_stuck_reader) {
  ASSERT_TRUE(epoch::synchronize(10s));
  hummel::view_cell<value> cell{std::make_unique<const value>(value{0})};
  {
    stuck_reader reader{cell};
    cell.publish(std::make_unique<const value>(value{1}));
    std::this_thread::sleep_for(20ms);
    const auto before = epoch::stats();
    // 50 publishes over ~500 ms; none can be freed.
    for (int k = 2; k < 52; ++k) {
      cell.publish(std::make_unique<const value>(value{k}));
      std::this_thread::sleep_for(10ms);
    }
    const auto after = epoch::stats();
    const auto scans = after.scans - before.scans;
    RecordProperty("scans_in_500ms", std::to_string(scans));
    // Without backoff: one scan (and one membarrier) per ms, ~500.
    EXPECT_LT(scans, 20u);
    EXPECT_GE(after.backlog, 51u);
    EXPECT_EQ(after.oldest_pin_tid, reader.tid());
    EXPECT_GE(after.oldest_pin_ms, 250);
    RecordProperty("oldest_pin_ms", std::to_string(after.oldest_pin_ms));
  }
  // Released: a synchronize scans at once and frees everything.
  EXPECT_TRUE(epoch::synchronize(10s));
  const auto done = epoch::stats();
  EXPECT_EQ(done.backlog, 0u);
  EXPECT_EQ(done.oldest_pin_tid, 0);
}

TEST(epoch_backlog, backlog_counts_waiting_objects_lock_free) {
  ASSERT_TRUE(epoch::synchronize(10s));
  hummel::view_cell<value> cell{std::make_unique<const value>(value{0})};
  EXPECT_EQ(epoch::backlog(), 0u);
  {
    stuck_reader reader{cell};
    for (int k = 1; k <= 10; ++k)
      cell.publish(std::make_unique<const value>(value{k}));
    EXPECT_EQ(epoch::backlog(), 10u);
    EXPECT_EQ(epoch::stats().backlog, 10u);
  }
  EXPECT_TRUE(epoch::synchronize(10s));
  EXPECT_EQ(epoch::backlog(), 0u);
}

} // namespace
