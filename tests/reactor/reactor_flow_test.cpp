// Flow control between the reactor and a slow consumer
// (options::max_unconsumed): output the consumer has not taken stops the
// reading of the child's pipes, so the child blocks instead of the daemon
// buffering without bound; taking it resumes, and nothing is lost.
#include "reactor/reactor.hpp"
#include "tests/reactor/reactor_test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using namespace hummel::reactor;
using namespace hummel::reactor::test;
using hummel::log_stream;

namespace {

/// Counts the bytes handed over (each line's size plus one) and checks the
/// numbered lines, without keeping them.
class byte_sink : public test_sink {
public:
  void on_output(child_id id, log_stream s,
                 std::vector<std::string> lines) override {
    size_t bytes = 0;
    for (auto& line : lines) {
      bytes += line.size() + 1;
      if (line != std::to_string(next + 1))
        bad.fetch_add(1);
      ++next;
    }
    handed.fetch_add(bytes);
    test_sink::on_output(id, s, {std::to_string(lines.size())});
  }

  std::atomic<size_t> handed{0};
  std::atomic<size_t> bad{0};
  uint64_t next = 0; // reactor thread only
};

/// `handed` once it has not grown for 300 ms (at most `limit`).
size_t settled(const byte_sink& s, std::chrono::milliseconds limit) {
  auto until = steady::now() + limit;
  size_t last = s.handed.load();
  auto since = steady::now();
  while (steady::now() < until) {
    std::this_thread::sleep_for(20ms);
    auto now = s.handed.load();
    if (now != last) {
      last = now;
      since = steady::now();
    } else if (steady::now() - since >= 300ms) {
      break;
    }
  }
  return last;
}

} // namespace

TEST(reactor_flow, a_consumer_that_does_not_take_output_pauses_the_child) {
  constexpr size_t limit = 1u << 20;
  options opts;
  opts.sample_period = 200ms;
  opts.sample_budget = 0; // every period, on a busy machine too
  opts.max_unconsumed = limit;
  byte_sink events;
  reactor r{opts, events};
  // 2,000,000 numbered lines: about 14.9 MB.
  auto pid = r.spawn(request(1, {"sh", "-c", "seq 1 2000000; exit 3"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  // First past the limit (a slow build, e.g. under TSan, starts slowly),
  // then until nothing more comes.
  auto deadline = steady::now() + 20s;
  while (events.handed.load() <= limit && steady::now() < deadline)
    std::this_thread::sleep_for(10ms);
  auto held = settled(events, 10s);
  // Paused past the limit: at most the limit plus one burst (1 MiB) read
  // in the same wake-up, and the child waits on its full pipe.
  EXPECT_GT(held, limit);
  EXPECT_LE(held, limit + (1u << 20) + (64u << 10));
  EXPECT_FALSE(events.wait_exit(1, 200ms)) << "the child was not held back";
  // Taking the output resumes it, and every line arrives, in order.
  size_t taken = 0;
  auto until = steady::now() + 30s;
  while (!events.wait_exit(1, 5ms) && steady::now() < until) {
    auto now = events.handed.load();
    if (now > taken) {
      r.consumed(1, now - taken);
      taken = now;
    }
  }
  ASSERT_TRUE(events.wait_exit(1, 1s));
  auto rec = events.get(1);
  size_t lines = 0;
  for (auto& n : rec.out)
    lines += std::stoul(n);
  EXPECT_EQ(lines, 2000000u);
  EXPECT_EQ(events.bad.load(), 0u);
  EXPECT_EQ(rec.exit->code, 3);
  EXPECT_FALSE(rec.order_error);
}

TEST(reactor_flow, without_a_limit_nothing_waits_for_the_consumer) {
  options opts;
  opts.sample_period = 200ms;
  opts.sample_budget = 0; // every period, on a busy machine too
  byte_sink events;
  reactor r{opts, events};
  auto pid = r.spawn(request(1, {"sh", "-c", "seq 1 400000"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  ASSERT_TRUE(events.wait_exit(1, 15s));
  EXPECT_GT(events.handed.load(), 2u << 20);
  EXPECT_EQ(events.bad.load(), 0u);
}
