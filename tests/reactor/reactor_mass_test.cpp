// Many children: the descriptor limit (raised at start, refused clearly
// when reached) and the cost of a start with thousands of descriptors open.
#include "reactor/reactor.hpp"
#include "tests/reactor/reactor_test_support.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using namespace hummel::reactor;
using namespace hummel::reactor::test;

namespace {

options quick_options() {
  options opts;
  opts.sample_period = std::chrono::milliseconds{200};
  opts.sample_budget = 0; // every period, on a busy machine too
  opts.run_end_grace = std::chrono::milliseconds{500};
  return opts;
}

spawn_request sleeper(child_id id) {
  spawn_request req;
  req.id = id;
  req.argv = {"sleep", "30"};
  return req;
}

/// The value of `key` ("FDSize:") in /proc/<pid>/status, or -1.
long status_field(int pid, const std::string& key) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/status"};
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0)
      return std::stol(line.substr(key.size()));
  return -1;
}

/// Open descriptors of `pid`.
std::vector<int> open_fds(int pid) {
  std::vector<int> out;
  auto dir = "/proc/" + std::to_string(pid) + "/fd";
  for (auto& entry : std::filesystem::directory_iterator{dir})
    out.push_back(std::stoi(entry.path().filename().string()));
  std::sort(out.begin(), out.end());
  return out;
}

/// Open descriptors of `pid` once they are only 0, 1 and 2, or after two
/// seconds whatever they are then.
std::vector<int> settled_fds(int pid) {
  auto until = std::chrono::steady_clock::now() + 2s;
  auto fds = open_fds(pid);
  while (fds != std::vector<int>{0, 1, 2}
         && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(1ms);
    fds = open_fds(pid);
  }
  return fds;
}

} // namespace

TEST(reactor_mass, raise_descriptor_limit_takes_the_hard_limit) {
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &before), 0);
  rlimit low{256, before.rlim_max};
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  auto lim = raise_descriptor_limit();
  rlimit now{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &now), 0);
  EXPECT_EQ(now.rlim_cur, now.rlim_max);
  EXPECT_EQ(lim.soft, now.rlim_cur);
  EXPECT_EQ(lim.hard, now.rlim_max);
  EXPECT_GE(lim.hard, before.rlim_max);
  if (lim.nr_open > now.rlim_max) { // only without CAP_SYS_RESOURCE
    rlimit up{lim.nr_open, lim.nr_open};
    EXPECT_NE(::setrlimit(RLIMIT_NOFILE, &up), 0);
  }
}

TEST(reactor_mass, child_gets_a_small_descriptor_table_with_thousands_open) {
  // Each start used to copy the daemon's whole descriptor table into the
  // child and close it there again: O(open descriptors) per start.
  raise_descriptor_limit();
  rlimit lim{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &lim), 0);
  if (lim.rlim_cur < 6000)
    GTEST_SKIP() << "RLIMIT_NOFILE " << lim.rlim_cur << " < 6000";
#if defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "under ThreadSanitizer the child gets a copy of the "
                  "daemon's memory and descriptor table (spawn_child.cpp)";
#endif
  test_sink events;
  {
    reactor r{quick_options(), events}; // made early, as in the daemon
    std::vector<int> ballast;
    for (int i = 0; i < 5000; ++i)
      ballast.push_back(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    ASSERT_GE(ballast.back(), 5000);
    auto started = steady::now();
    std::vector<int> pids;
    for (child_id id = 1; id <= 50; ++id) {
      auto res = r.spawn(sleeper(id));
      ASSERT_TRUE(std::holds_alternative<int>(res)) << std::get<1>(res);
      pids.push_back(std::get<int>(res));
    }
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      steady::now() - started);
    for (int pid : pids) {
      // The child's table was never bigger than the few descriptors below
      // the spawn slots (64 is the kernel's smallest table).
      EXPECT_LE(status_field(pid, "FDSize:"), 64) << pid;
      // `sleep` itself opens and closes a file or two (the locale) right
      // after exec: a leaked descriptor stays, those go within moments.
      EXPECT_EQ(settled_fds(pid), (std::vector<int>{0, 1, 2})) << pid;
    }
    std::cout << "[ timing ] 50 starts with 5000 descriptors open: "
              << took.count() << " ms\n";
    EXPECT_LT(took, 20s);
    for (int fd : ballast)
      ::close(fd);
  }
}

TEST(reactor_mass, start_beyond_the_descriptor_limit_is_refused_clearly) {
  test_sink events;
  // Without the bank (io_uring missing or full): refused, and clearly.
  auto opts = quick_options();
  opts.bank_from_fd = INT_MAX;
  reactor r{opts, events};
  // Room for about 15 children above what the process holds now.
  low_descriptor_limit low{60};
  ASSERT_TRUE(low.ok());
  auto limit = low.limit;
  std::vector<child_id> running;
  std::vector<std::string> refused;
  for (child_id id = 1; id <= 40; ++id) {
    auto res = r.spawn(sleeper(id));
    if (std::holds_alternative<int>(res))
      running.push_back(id);
    else
      refused.push_back(std::get<std::string>(res));
  }
  // The reserve above the children is still free for the daemon itself.
  int spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  EXPECT_GE(spare, 0);
  ::close(spare);
  ASSERT_TRUE(low.restore());
  EXPECT_GE(running.size(), 5u);
  ASSERT_GE(refused.size(), 10u);
  for (auto& why : refused)
    EXPECT_EQ(why.rfind("descriptor limit reached: cannot start sleep (RLIMIT_"
                        "NOFILE is "
                          + std::to_string(limit),
                        0),
              0u)
      << why;
  // The ones that started run on and end normally.
  for (auto id : running) {
    ASSERT_TRUE(events.get(id).started) << id; // before spawn() returned
    EXPECT_EQ(::kill(events.get(id).pid, 0), 0) << id;
    r.stop(id, SIGTERM, 1s);
  }
  for (auto id : running) {
    ASSERT_TRUE(events.wait_exit(id, 5s)) << id;
    EXPECT_EQ(events.get(id).exit->signal, SIGTERM) << id;
  }
}
