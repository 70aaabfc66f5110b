// Queued starts (reactor::start): the caller does not wait for the clone;
// the spawner threads (or, without them, the reactor thread, a few per
// wake-up) start the children in order, and each is reported through the
// sink, on_started or on_start_failed, exactly once; a stop queued behind
// a start applies to the started child.
#include "reactor/reactor.hpp"
#include "tests/reactor/reactor_test_support.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <climits>
#include <csignal>
#include <set>
#include <string>

using namespace std::chrono_literals;
using namespace hummel::reactor;
using namespace hummel::reactor::test;

namespace {

options quick_options(size_t spawners = options{}.spawners) {
  options opts;
  opts.sample_period = std::chrono::milliseconds{200};
  opts.sample_budget = 0;
  opts.run_end_grace = std::chrono::milliseconds{500};
  // As the daemon: a child dies with the thread that cloned it, so a
  // spawner thread that ended early would show as SIGKILLed children.
  opts.parent_death = true;
  opts.spawners = spawners;
  return opts;
}

spawn_request sleeper(child_id id) {
  return request(id, {"sleep", "30"});
}

} // namespace

class reactor_start_by : public ::testing::TestWithParam<size_t> {};

TEST_P(reactor_start_by, queued_starts_start_and_stops_behind_them_apply) {
  test_sink events;
  reactor r{quick_options(GetParam()), events};
  constexpr child_id n = 40;
  for (child_id id = 1; id <= n; ++id) {
    ASSERT_EQ(r.start(sleeper(id)), "") << id;
    r.stop(id, SIGTERM, 2s); // queued behind its start
  }
  for (child_id id = 1; id <= n; ++id)
    ASSERT_TRUE(events.wait_exit(id, 20s)) << id;
  std::set<int> pids;
  for (child_id id = 1; id <= n; ++id) {
    auto rec = events.get(id);
    EXPECT_TRUE(rec.started) << id;
    EXPECT_FALSE(rec.order_error) << id;
    EXPECT_TRUE(rec.start_error.empty()) << id;
    EXPECT_TRUE(rec.exit->requested) << id;
    EXPECT_EQ(rec.exit->signal, SIGTERM) << id;
    pids.insert(rec.pid);
  }
  EXPECT_EQ(pids.size(), n) << "one child each";
  EXPECT_EQ(events.start_failures(), 0u);
}

// 0: the reactor thread clones (10 ms of starts per wake-up); 2: the
// daemon's spawner threads.
INSTANTIATE_TEST_SUITE_P(spawners, reactor_start_by, ::testing::Values(0, 2));

TEST(reactor_start, a_command_that_is_not_there_is_refused_at_once) {
  test_sink events;
  reactor r{quick_options(), events};
  EXPECT_EQ(r.start(request(1, {"hummel-no-such-command-xyz"})),
            "command not found: hummel-no-such-command-xyz");
  EXPECT_FALSE(events.seen(1)) << "nothing queued, nothing reported";
}

TEST(reactor_start,
     a_start_beyond_the_descriptor_limit_fails_through_the_sink) {
  test_sink events;
  auto opts = quick_options(); // without the bank (io_uring missing or full)
  opts.bank_from_fd = INT_MAX;
  reactor r{opts, events};
  // Room for about 15 children above what the process holds now.
  low_descriptor_limit low{60};
  ASSERT_TRUE(low.ok());
  auto limit = low.limit;
  constexpr child_id n = 40;
  for (child_id id = 1; id <= n; ++id)
    ASSERT_EQ(r.start(sleeper(id)), "") << id;
  ASSERT_TRUE(events.wait(20s, [](auto& recs) {
    size_t answered = 0;
    for (auto& [id, rec] : recs)
      answered += rec.started || !rec.start_error.empty();
    return answered == n;
  }));
  ASSERT_TRUE(low.restore());
  size_t started = 0;
  for (child_id id = 1; id <= n; ++id) {
    auto rec = events.get(id);
    EXPECT_FALSE(rec.order_error) << id;
    if (rec.started) {
      ++started;
      r.stop(id, SIGTERM, 1s);
      continue;
    }
    EXPECT_EQ(rec.start_error.rfind("descriptor limit reached: cannot start "
                                    "sleep (RLIMIT_NOFILE is "
                                      + std::to_string(limit),
                                    0),
              0u)
      << rec.start_error;
  }
  EXPECT_GE(started, 5u);
  EXPECT_GE(events.start_failures(), 10u);
  for (child_id id = 1; id <= n; ++id) {
    if (events.get(id).started) {
      EXPECT_TRUE(events.wait_exit(id, 5s)) << id;
    }
  }
}

TEST(reactor_start, queued_starts_are_answered_when_the_reactor_ends) {
  test_sink events;
  constexpr child_id n = 60;
  {
    reactor r{quick_options(), events};
    for (child_id id = 1; id <= n; ++id)
      ASSERT_EQ(r.start(sleeper(id)), "") << id;
  } // ends at once: started children are killed, the rest refused
  for (child_id id = 1; id <= n; ++id) {
    auto rec = events.get(id);
    EXPECT_FALSE(rec.order_error) << id;
    if (rec.started) {
      EXPECT_TRUE(rec.exit.has_value()) << id;
      EXPECT_TRUE(rec.start_error.empty()) << id;
    } else {
      EXPECT_EQ(rec.start_error, "reactor is shutting down") << id;
    }
  }
  EXPECT_EQ(events.exits() + events.start_failures(), n);
}
