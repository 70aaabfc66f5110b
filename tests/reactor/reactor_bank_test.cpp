// Descriptors kept in io_uring fixed-file tables (fd_bank) and children
// whose pipes and pidfd live there (options::bank_from_fd): output, flow
// control, stops and exits as with descriptors, and more children than
// the descriptor limit would hold.
#include "reactor/fd_bank.hpp"
#include "reactor/reactor.hpp"
#include "tests/reactor/reactor_test_support.hpp"

#include <gtest/gtest.h>

#include <poll.h>

#include <atomic>
#include <climits>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using namespace hummel::reactor;
using namespace hummel::reactor::test;
using hummel::log_stream;

namespace {

/// Skips the test where io_uring is missing or forbidden.
#define REQUIRE_BANK()                                                         \
  do {                                                                         \
    fd_bank probe;                                                             \
    if (!probe.reserve(1))                                                     \
      GTEST_SKIP() << "io_uring is not available here";                        \
  } while (false)

options banked_options() {
  options opts;
  opts.sample_period = 200ms;
  opts.sample_budget = 0; // every period, on a busy machine too
  opts.run_end_grace = 500ms;
  opts.bank_from_fd = 0; // every child
  return opts;
}

size_t open_descriptors() {
  size_t n = 0;
  for ([[maybe_unused]] auto& e :
       std::filesystem::directory_iterator{"/proc/self/fd"})
    ++n;
  return n;
}

/// Counts numbered lines as they arrive, checking their order.
class counting_sink : public test_sink {
public:
  void on_output(child_id id, log_stream s,
                 std::vector<std::string> lines) override {
    calls.fetch_add(1);
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

  size_t lines(child_id id) {
    size_t total = 0;
    for (auto& n : get(id).out)
      total += std::stoul(n);
    return total;
  }

  std::atomic<size_t> calls{0};
  std::atomic<size_t> bad{0};
  std::atomic<size_t> handed{0};
  uint64_t next = 0; // reactor thread only
};

/// A new pipe's read end in `bank`: its slot, the write end in `write_end`.
int banked_pipe(fd_bank& bank, int& write_end) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
    return -1;
  std::array<int, 1> slot{-1};
  if (!bank.put(std::span<const int>{p, 1}, slot))
    slot[0] = -1;
  ::close(p[0]);
  write_end = p[1];
  return slot[0];
}

} // namespace

TEST(fd_bank, a_banked_pipe_reads_without_its_descriptor_and_closes) {
  REQUIRE_BANK();
  fd_bank bank;
  int p[2];
  std::array<int, 1> slot{banked_pipe(bank, p[1])};
  ASSERT_GE(slot[0], 0);
  EXPECT_EQ(bank.size(), 1u);
  char buf[16];
  EXPECT_EQ(bank.read(slot[0], buf, sizeof buf), -EAGAIN); // never waits
  ASSERT_EQ(::write(p[1], "hello", 5), 5);
  ASSERT_EQ(bank.read(slot[0], buf, sizeof buf), 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
  // Released, the read end is gone: the writer sees a broken pipe.
  bank.release(slot[0]);
  EXPECT_EQ(bank.size(), 0u);
  auto old = std::signal(SIGPIPE, SIG_IGN);
  EXPECT_EQ(::write(p[1], "x", 1), -1);
  EXPECT_EQ(errno, EPIPE);
  std::signal(SIGPIPE, old);
  ::close(p[1]);
  EXPECT_EQ(bank.read(slot[0], buf, sizeof buf), -EBADF);
}

TEST(fd_bank, a_watch_fires_once_and_release_cancels_it) {
  REQUIRE_BANK();
  fd_bank bank;
  int p[2];
  std::array<int, 1> slot{banked_pipe(bank, p[1])};
  ASSERT_GE(slot[0], 0);
  bank.arm(slot[0], 42);
  bank.arm(slot[0], 43); // watched already: nothing
  bank.flush();
  std::vector<uint64_t> tags;
  bank.harvest(tags);
  EXPECT_TRUE(tags.empty()); // nothing to read yet
  ASSERT_EQ(::write(p[1], "a", 1), 1);
  ASSERT_EQ(bank.rings(), 1u);
  pollfd ev{bank.ring_fd(0), POLLIN, 0};
  ASSERT_EQ(::poll(&ev, 1, 2000), 1); // the ring says a watch fired
  bank.harvest(tags);
  EXPECT_EQ(tags, (std::vector<uint64_t>{42}));
  ASSERT_EQ(::write(p[1], "b", 1), 1);
  tags.clear();
  bank.harvest(tags);
  EXPECT_TRUE(tags.empty()); // once: not watched since
  // Readable already: the watch fires as it is sent.
  bank.arm(slot[0], 44);
  bank.flush();
  bank.harvest(tags);
  EXPECT_EQ(tags, (std::vector<uint64_t>{44}));
  char buf[4];
  EXPECT_EQ(bank.read(slot[0], buf, sizeof buf), 2);
  // Released while watched: the watch lets go of the file too.
  bank.arm(slot[0], 45);
  bank.flush();
  bank.release(slot[0]);
  tags.clear();
  bank.harvest(tags);
  EXPECT_TRUE(tags.empty());
  auto old = std::signal(SIGPIPE, SIG_IGN);
  EXPECT_EQ(::write(p[1], "x", 1), -1);
  EXPECT_EQ(errno, EPIPE);
  std::signal(SIGPIPE, old);
  ::close(p[1]);
}

TEST(fd_bank, rings_are_added_as_they_fill_up_to_the_most) {
  REQUIRE_BANK();
  fd_bank bank{4, 3}; // 3 rings of 4 slots
  std::vector<int> ends;
  std::vector<int> slots;
  for (int i = 0; i < 12; ++i) {
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
    std::array<int, 1> slot{};
    ASSERT_TRUE(bank.put(std::span<const int>{p, 1}, slot)) << i;
    ::close(p[0]);
    ASSERT_EQ(::write(p[1], &i, sizeof i), static_cast<ssize_t>(sizeof i));
    ends.push_back(p[1]);
    slots.push_back(slot[0]);
  }
  EXPECT_EQ(bank.size(), 12u);
  // Full: a put takes nothing and says so.
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  std::array<int, 2> two{};
  EXPECT_FALSE(bank.reserve(1));
  EXPECT_FALSE(bank.put(std::span<const int>{p, 2}, two));
  EXPECT_EQ(bank.size(), 12u);
  ::close(p[0]);
  ::close(p[1]);
  // Each slot reads its own pipe; a released slot is taken again.
  for (int i = 0; i < 12; ++i) {
    int got = -1;
    ASSERT_EQ(bank.read(slots[static_cast<size_t>(i)], &got, sizeof got),
              static_cast<ssize_t>(sizeof got));
    EXPECT_EQ(got, i);
  }
  bank.release(slots[5]);
  EXPECT_TRUE(bank.reserve(1));
  for (int fd : ends)
    ::close(fd);
}

TEST(reactor_bank, banked_children_take_no_descriptors_and_run_as_before) {
  REQUIRE_BANK();
  test_sink events;
  reactor r{banked_options(), events};
  auto before = open_descriptors();
  for (child_id id = 1; id <= 30; ++id) {
    auto res = r.spawn(request(id, {"sleep", "30"}));
    ASSERT_TRUE(std::holds_alternative<int>(res)) << std::get<1>(res);
  }
  // 90 descriptors unbanked; banked, the ring's own and nothing else.
  EXPECT_LE(open_descriptors(), before + 2);
  auto pid = r.spawn(
    request(31, {"sh", "-c", "echo 1; echo 2; echo err >&2; exit 3"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  ASSERT_TRUE(events.wait_exit(31, 5s));
  auto rec = events.get(31);
  EXPECT_EQ(rec.out, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(rec.err, (std::vector<std::string>{"err"}));
  EXPECT_EQ(rec.exit->code, 3);
  EXPECT_FALSE(rec.order_error);
  // Stops signal through the pid (no pidfd at hand) and report the exit.
  for (child_id id = 1; id <= 30; ++id)
    r.stop(id, SIGTERM, 2s);
  for (child_id id = 1; id <= 30; ++id) {
    ASSERT_TRUE(events.wait_exit(id, 5s)) << id;
    EXPECT_EQ(events.get(id).exit->signal, SIGTERM) << id;
    EXPECT_TRUE(events.get(id).exit->requested) << id;
  }
}

TEST(reactor_bank, a_million_lines_arrive_in_order_past_a_cut_burst) {
  // More than a burst per wake-up: what is left after the burst is read
  // on the next turn (a watch would fire at once as well).
  REQUIRE_BANK();
  counting_sink events;
  reactor r{banked_options(), events};
  auto pid = r.spawn(request(1, {"sh", "-c", "seq 1 1000000; exit 3"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  ASSERT_TRUE(events.wait_exit(1, 15s));
  EXPECT_EQ(events.lines(1), 1000000u);
  EXPECT_EQ(events.bad.load(), 0u);
  EXPECT_EQ(events.get(1).exit->code, 3);
  EXPECT_FALSE(events.get(1).order_error);
}

TEST(reactor_bank, a_line_by_line_writer_is_parked_and_read_in_batches) {
  REQUIRE_BANK();
  counting_sink events;
  reactor r{banked_options(), events};
  auto pid = r.spawn(
    request(1, {"sh", "-c", "stdbuf -oL seq -f %.0f 1 100000; exit 0"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  ASSERT_TRUE(events.wait_exit(1, 15s));
  EXPECT_EQ(events.lines(1), 100000u);
  EXPECT_EQ(events.bad.load(), 0u);
  EXPECT_LT(events.calls.load(), 10000u);
}

TEST(reactor_bank, a_paused_banked_child_resumes_and_loses_nothing) {
  REQUIRE_BANK();
  constexpr size_t limit = 1u << 20;
  auto opts = banked_options();
  opts.max_unconsumed = limit;
  counting_sink events;
  reactor r{opts, events};
  auto pid = r.spawn(request(1, {"sh", "-c", "seq 1 2000000; exit 3"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  auto deadline = steady::now() + 20s;
  while (events.handed.load() <= limit && steady::now() < deadline)
    std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(events.wait_exit(1, 300ms)) << "the child was not held back";
  EXPECT_LE(events.handed.load(), limit + (1u << 20) + (64u << 10));
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
  EXPECT_EQ(events.lines(1), 2000000u);
  EXPECT_EQ(events.bad.load(), 0u);
  EXPECT_EQ(events.get(1).exit->code, 3);
}

TEST(reactor_bank, more_children_than_the_descriptor_limit_holds) {
  // The limit of reactor_mass.start_beyond_the_descriptor_limit_is_refused_
  // clearly, where 10 or more of 40 were refused: past a quarter of it the
  // children's files go to the bank, and all 40 run.
  REQUIRE_BANK();
  auto opts = banked_options();
  opts.bank_from_fd = -1; // as the daemon: a quarter of the limit
  test_sink events;
  reactor r{opts, events};
  low_descriptor_limit low{60};
  ASSERT_TRUE(low.ok());
  std::vector<std::string> refused;
  for (child_id id = 1; id <= 40; ++id) {
    auto res = r.spawn(request(id, {"sleep", "30"}));
    if (!std::holds_alternative<int>(res))
      refused.push_back(std::get<std::string>(res));
  }
  int spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  EXPECT_GE(spare, 0);
  ::close(spare);
  ASSERT_TRUE(low.restore());
  EXPECT_TRUE(refused.empty())
    << refused.size()
    << " refused: " << (refused.empty() ? "" : refused.front());
  for (child_id id = 1; id <= 40; ++id)
    if (events.get(id).started)
      r.stop(id, SIGTERM, 1s);
  for (child_id id = 1; id <= 40; ++id) {
    if (events.get(id).started) {
      EXPECT_TRUE(events.wait_exit(id, 5s)) << id;
    }
  }
}

TEST(reactor_bank, the_end_of_the_reactor_ends_banked_children) {
  REQUIRE_BANK();
  std::vector<std::pair<int, uint64_t>> pids;
  {
    test_sink events;
    reactor r{banked_options(), events};
    for (child_id id = 1; id <= 5; ++id) {
      auto res = r.spawn(request(id, {"sleep", "30"}));
      ASSERT_TRUE(std::holds_alternative<int>(res)) << std::get<1>(res);
      auto pid = std::get<int>(res);
      auto st = detail::read_stat(pid);
      ASSERT_TRUE(st.has_value());
      pids.emplace_back(pid, st->start_ticks);
    }
  }
  for (auto [pid, start] : pids)
    EXPECT_FALSE(alive(pid, start, true)) << pid; // killed and reaped
}
