// Stopping children and their whole process trees, with real processes.
#include "reactor/reactor.hpp"
#include "tests/reactor/reactor_test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <string>

#if defined(__SANITIZE_THREAD__)
/// ThreadSanitizer starts a background thread of its own, lazily.
constexpr int sanitizer_threads_max = 1;
#else
constexpr int sanitizer_threads_max = 0;
#endif

using namespace std::chrono_literals;
using namespace hummel::reactor;
using namespace hummel::reactor::test;

namespace {

options fast_options() {
  options opts;
  opts.sample_period = 200ms;
  opts.sample_budget = 0; // every period, on a busy machine too
  return opts;
}

} // namespace

TEST(reactor_stop, escalates_to_sigkill_after_the_grace) {
  test_sink events;
  reactor r{fast_options(), events};
  ASSERT_TRUE(std::holds_alternative<int>(
    r.spawn(request(1, {"sh", "-c", "trap '' TERM; echo ready; sleep 30"}))));
  ASSERT_TRUE(events.wait_out(1, 1, 5s));
  auto start = steady::now();
  r.stop(1, SIGTERM, 300ms);
  ASSERT_TRUE(events.wait_exit(1, 3s));
  auto elapsed = ms_since(start);
  auto rec = events.get(1);
  EXPECT_EQ(rec.exit->signal, SIGKILL);
  EXPECT_EQ(rec.exit->code, -1);
  EXPECT_TRUE(rec.exit->requested);
  EXPECT_GE(elapsed, 290);
  EXPECT_LT(elapsed, 1300);
  EXPECT_TRUE(with_marker(marker("1"), true).empty());
  std::cout << "[ timing ] TERM ignored, grace 300 ms: exit after " << elapsed
            << " ms\n";
}

TEST(reactor_stop, ends_the_whole_tree_including_setsid_and_orphans) {
  test_sink events;
  reactor r{fast_options(), events};
  std::string script = R"(
    for i in 1 2 3 4 5 6 7 8 9 10; do sleep 300 & echo "plain $!"; done
    for i in 1 2 3 4 5 6 7 8 9 10; do setsid sleep 300 & echo "setsid $!"; done
    for i in 1 2 3 4 5 6 7 8 9 10; do (sleep 300 & echo "double $!"); done
    echo ready
    wait)";
  ASSERT_TRUE(
    std::holds_alternative<int>(r.spawn(request(1, {"sh", "-c", script}))));
  ASSERT_TRUE(events.wait_out(1, 31, 10s));
  // kind -> (pid -> start time)
  std::map<std::string, std::map<int, uint64_t>> pids;
  for (auto& line : events.get(1).out) {
    auto space = line.find(' ');
    if (space == std::string::npos)
      continue;
    int pid = std::stoi(line.substr(space + 1));
    auto st = detail::read_stat(pid);
    ASSERT_TRUE(st.has_value()) << line;
    pids[line.substr(0, space)].emplace(pid, st->start_ticks);
  }
  ASSERT_EQ(pids["plain"].size(), 10u);
  ASSERT_EQ(pids["setsid"].size(), 10u);
  ASSERT_EQ(pids["double"].size(), 10u);
  // sh + 30 sleeps carry the marker (wait for the subshells to go).
  EXPECT_TRUE(
    poll_until(3s, [] { return with_marker(marker("1")).size() == 31; }));
  auto start = steady::now();
  r.stop(1, SIGTERM, 1s);
  ASSERT_TRUE(events.wait_exit(1, 3s));
  auto exit_ms = ms_since(start);
  auto survivors = [&](const std::string& kind) {
    size_t n = 0;
    for (auto [pid, st] : pids[kind])
      n += alive(pid, st, /*zombies_alive=*/true);
    return n;
  };
  bool clean = poll_until(2s, [&] {
    return survivors("plain") + survivors("setsid") + survivors("double") == 0
           && with_marker(marker("1"), true).empty();
  });
  auto gone_ms = ms_since(start);
  EXPECT_TRUE(clean);
  EXPECT_EQ(survivors("plain"), 0u);
  EXPECT_EQ(survivors("setsid"), 0u);
  EXPECT_EQ(survivors("double"), 0u);
  EXPECT_EQ(with_marker(marker("1"), true).size(), 0u);
  auto rec = events.get(1);
  EXPECT_TRUE(rec.exit->requested);
  EXPECT_EQ(rec.exit->signal, SIGTERM);
  EXPECT_FALSE(rec.order_error);
  std::cout << "[ timing ] tree of 31 stopped: exit after " << exit_ms
            << " ms, all gone and reaped after " << gone_ms << " ms\n";
}

TEST(reactor_stop, the_end_of_a_run_ends_its_tree) {
  test_sink events;
  auto opts = fast_options();
  opts.run_end_grace = 500ms;
  reactor r{opts, events};
  auto start = steady::now();
  ASSERT_TRUE(std::holds_alternative<int>(
    r.spawn(request(1, {"sh", "-c", "sleep 300 & echo started; exit 0"}))));
  // This one ignores TERM and keeps stdout open: SIGKILL after the grace.
  // The leader exits only once the trap is set.
  auto flag = std::filesystem::temp_directory_path()
              / ("hummel-trap-" + std::to_string(::getpid()));
  std::filesystem::remove(flag);
  ASSERT_TRUE(std::holds_alternative<int>(r.spawn(request(
    2, {"sh", "-c",
        "(trap '' TERM; touch \"$1\"; exec sleep 300) & "
        "while [ ! -e \"$1\" ]; do sleep 0.01; done; echo started; exit 0",
        "sh", flag.string()}))));
  // A double-forked member without the marker: found in the process group
  // (the leader is reaped only after the group was signalled).
  ASSERT_TRUE(std::holds_alternative<int>(r.spawn(request(
    3, {"sh", "-c", "(env -u HUMMEL_RUN sleep 300 & echo $!); exit 0"}))));
  ASSERT_TRUE(events.wait_exit(1, 3s));
  auto first_ms = ms_since(start);
  ASSERT_TRUE(events.wait_exit(2, 3s));
  auto second_ms = ms_since(start);
  EXPECT_EQ(events.get(1).exit->code, 0);
  EXPECT_FALSE(events.get(1).exit->requested);
  EXPECT_EQ(events.get(1).out, (std::vector<std::string>{"started"}));
  EXPECT_EQ(events.get(2).exit->code, 0);
  EXPECT_EQ(events.get(2).out, (std::vector<std::string>{"started"}));
  EXPECT_LT(first_ms, 1500);
  EXPECT_GE(second_ms, 450);
  EXPECT_LT(second_ms, 1600);
  std::filesystem::remove(flag);
  ASSERT_TRUE(events.wait_exit(3, 3s));
  auto out3 = events.get(3).out;
  ASSERT_EQ(out3.size(), 1u);
  int escapee = std::stoi(out3[0]);
  EXPECT_TRUE(poll_until(1s, [&] {
    auto st = detail::read_stat(escapee);
    return !st || st->dead() || st->ppid != ::getpid();
  }));
  EXPECT_TRUE(poll_until(1s, [] {
    return with_marker(marker("1"), true).empty()
           && with_marker(marker("2"), true).empty();
  }));
  std::cout << "[ timing ] run end: tree gone, exit reported after " << first_ms
            << " ms; TERM-ignoring member killed and exit "
            << "reported after " << second_ms << " ms (grace 500 ms)\n";
}

TEST(reactor_stop, two_hundred_children_one_thread) {
  auto threads_before = thread_count();
  test_sink events;
  reactor r{fast_options(), events};
  constexpr int n = 200;
  auto start = steady::now();
  for (int i = 1; i <= n; ++i) {
    auto pid = r.spawn(request(static_cast<child_id>(i), {"sleep", "30"}));
    ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  }
  auto spawn_ms = ms_since(start);
  // The reactor thread and its spawners, however many children.
  auto own = 1 + fast_options().spawners;
  EXPECT_GE(thread_count(), threads_before + own);
  EXPECT_LE(thread_count(), threads_before + own + sanitizer_threads_max);
  start = steady::now();
  for (int i = 1; i <= n; ++i)
    r.stop(static_cast<child_id>(i), SIGTERM, 1s);
  ASSERT_TRUE(events.wait(10s, [](auto& recs) {
    size_t done = 0;
    for (auto& [id, rec] : recs)
      done += rec.exit.has_value();
    return done == n;
  }));
  auto stop_ms = ms_since(start);
  for (int i = 1; i <= n; ++i) {
    auto rec = events.get(static_cast<child_id>(i));
    EXPECT_EQ(rec.exit->signal, SIGTERM) << i;
    EXPECT_TRUE(rec.exit->requested) << i;
  }
  EXPECT_GE(thread_count(), threads_before + own);
  EXPECT_LE(thread_count(), threads_before + own + sanitizer_threads_max);
  std::cout << "[ timing ] 200 x sleep: spawned in " << spawn_ms
            << " ms, stopped and all exits collected in " << stop_ms
            << " ms, reactor threads: " << own << "\n";
}

TEST(reactor_stop, kill_all_and_no_ops) {
  test_sink events;
  reactor r{fast_options(), events};
  ASSERT_TRUE(std::holds_alternative<int>(r.spawn(request(1, {"true"}))));
  ASSERT_TRUE(events.wait_exit(1, 5s));
  r.stop(1, SIGTERM, 1s);   // already exited
  r.stop(999, SIGTERM, 1s); // unknown
  for (child_id id = 2; id <= 4; ++id)
    ASSERT_TRUE(
      std::holds_alternative<int>(r.spawn(request(id, {"sleep", "30"}))));
  r.kill_all();
  for (child_id id = 2; id <= 4; ++id) {
    ASSERT_TRUE(events.wait_exit(id, 3s));
    EXPECT_EQ(events.get(id).exit->signal, SIGKILL);
    EXPECT_TRUE(events.get(id).exit->requested);
  }
  EXPECT_FALSE(events.get(1).order_error);
  EXPECT_FALSE(events.get(1).exit->requested);
  EXPECT_EQ(events.exits(), 4u);
}

TEST(reactor_stop, destructor_kills_and_reports_remaining_children) {
  test_sink events;
  std::map<int, uint64_t> members;
  {
    reactor r{fast_options(), events};
    ASSERT_TRUE(std::holds_alternative<int>(r.spawn(request(
      1, {"sh", "-c", "sleep 300 & (sleep 300 &); echo ready; wait"}))));
    ASSERT_TRUE(events.wait_out(1, 1, 5s));
    ASSERT_TRUE(poll_until(2s, [&] {
      members = with_marker(marker("1"));
      return members.size() == 3;
    }));
  }
  auto rec = events.get(1);
  ASSERT_TRUE(rec.exit.has_value());
  EXPECT_EQ(rec.exit->signal, SIGKILL);
  EXPECT_TRUE(rec.exit->requested);
  for (auto [pid, st] : members)
    EXPECT_FALSE(alive(pid, st, true)) << pid;
}

TEST(reactor_stop, exit_is_reported_by_the_deadline_if_the_pipe_stays_open) {
  test_sink events;
  auto opts = fast_options();
  opts.run_end_grace = 300ms;
  reactor r{opts, events};
  // A grandchild that leaves the session, drops the marker, is re-parented
  // and ignores TERM: not ours to find, but it holds stdout open.
  auto start = steady::now();
  ASSERT_TRUE(std::holds_alternative<int>(r.spawn(
    request(1, {"sh", "-c",
                "(env -u HUMMEL_RUN setsid sh -c 'trap \"\" TERM; echo away; "
                "exec sleep 2' &); sleep 0.1; echo bye; exit 0"}))));
  ASSERT_TRUE(events.wait_exit(1, 4s));
  auto elapsed = ms_since(start);
  auto rec = events.get(1);
  EXPECT_EQ(rec.exit->code, 0);
  EXPECT_FALSE(rec.order_error);
  std::sort(rec.out.begin(), rec.out.end());
  EXPECT_EQ(rec.out, (std::vector<std::string>{"away", "bye"}));
  // leader exit (~100 ms) + grace 300 ms + 1 s
  EXPECT_GE(elapsed, 1350);
  EXPECT_LT(elapsed, 2500);
  std::cout << "[ timing ] pipe held open by an escapee: exit reported after "
            << elapsed << " ms (deadline: leader exit + 300 ms + 1 s)\n";
}
