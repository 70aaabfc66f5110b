// Crash recovery: end_leftovers() after a daemon was SIGKILLed, and the
// parent-death signal (the trampoline's and the reactor's own). A forked
// helper process plays the daemon that dies.
#include "reactor/leftovers.hpp"

#include "reactor/reactor.hpp"
#include "tests/reactor/reactor_test_support.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

using namespace std::chrono_literals;
using namespace hummel::reactor;
using namespace hummel::reactor::test;

namespace {

class null_sink : public sink {
public:
  void on_started(child_id, int, int64_t) override {
    // nop
  }
  void on_start_failed(child_id, std::string) override {
    // nop
  }
  void on_output(child_id, hummel::log_stream,
                 std::vector<std::string>) override {
    // nop
  }
  void on_exit(child_id, exit_info) override {
    // nop
  }
  void on_usage(child_id, usage) override {
    // nop
  }
};

struct helper {
  pid_t pid = -1;
  std::vector<int> children;
};

// Forks a process that builds a reactor, spawns `reqs`, reports the pids
// through a pipe and waits to be killed.
helper start_helper(const options& opts, std::vector<spawn_request> reqs) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    null_sink events;
    reactor r{opts, events};
    std::string out;
    for (auto& req : reqs) {
      auto res = r.spawn(req);
      out += std::to_string(
               std::holds_alternative<int>(res) ? std::get<int>(res) : -1)
             + "\n";
    }
    [[maybe_unused]] auto n = ::write(fds[1], out.data(), out.size());
    ::close(fds[1]);
    while (true)
      ::pause();
  }
  ::close(fds[1]);
  helper h;
  h.pid = pid;
  std::string text;
  auto deadline = steady::now() + 5s;
  while (steady::now() < deadline) {
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0)
      continue;
    char buf[256];
    auto n = ::read(fds[0], buf, sizeof(buf));
    if (n <= 0)
      break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    h.children.push_back(std::stoi(text.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return h;
}

// Starts `argv` directly (not through a reactor) with `env`.
pid_t start_outsider(std::vector<std::string> argv,
                     std::vector<std::string> env) {
  std::vector<char*> args;
  for (auto& a : argv)
    args.push_back(a.data());
  args.push_back(nullptr);
  env.push_back("PATH=/usr/bin:/bin");
  std::vector<char*> envp;
  for (auto& e : env)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  ::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), envp.data());
  return pid;
}

uint64_t start_of(int pid) {
  auto st = detail::read_stat(pid);
  return st ? st->start_ticks : 0;
}

} // namespace

TEST(leftovers, ends_orphans_of_a_killed_daemon_but_nothing_else) {
  auto prefix = marker("left") + "-";
  auto registry = std::filesystem::temp_directory_path()
                  / ("hummel-leftovers-" + std::to_string(::getpid()));
  std::filesystem::remove(registry);
  options opts;
  opts.registry = registry;
  auto a = request(1, {"sleep", "300"});
  a.run_marker = prefix + "a";
  auto b = request(2, {"sh", "-c", "sleep 300 & sleep 300 & wait"});
  b.run_marker = prefix + "b";
  auto h = start_helper(opts, {a, b});
  ASSERT_GT(h.pid, 0);
  ASSERT_EQ(h.children.size(), 2u);
  ASSERT_GT(h.children[0], 0);
  ASSERT_GT(h.children[1], 0);
  EXPECT_TRUE(poll_until(3s, [&] { return with_marker(prefix).size() == 4; }));
  // Processes that are not ours, or only look like it.
  pid_t other
    = start_outsider({"sleep", "300"}, {"HUMMEL_RUN=" + marker("other")});
  pid_t wrong_start = start_outsider({"sleep", "300"}, {});
  pid_t right_start = start_outsider({"sleep", "300"}, {});
  ASSERT_TRUE(poll_until(2s, [&] {
    return start_of(other) && start_of(wrong_start) && start_of(right_start);
  }));
  auto other_st = start_of(other);
  auto wrong_st = start_of(wrong_start);
  auto right_st = start_of(right_start);
  {
    std::ofstream reg{registry, std::ios::app};
    reg << "+ " << wrong_start << " " << wrong_st + 12345 << " fake\n";
    reg << "+ " << right_start << " " << right_st << " real\n";
    reg << "+ " << ::getpid() << " " << start_of(::getpid()) + 1 << " self\n";
  }
  ::kill(h.pid, SIGKILL);
  ::waitpid(h.pid, nullptr, 0);
  // Without the trampoline the children outlive their daemon.
  auto victims = with_marker(prefix);
  EXPECT_EQ(victims.size(), 4u);
  auto start = steady::now();
  auto ended = end_leftovers(registry, prefix, 1s);
  auto elapsed = ms_since(start);
  EXPECT_EQ(ended, 5u); // 4 with the marker + the registry entry
  for (auto [pid, st] : victims)
    EXPECT_FALSE(alive(pid, st)) << pid;
  EXPECT_FALSE(alive(right_start, right_st));
  EXPECT_TRUE(alive(other, other_st));
  EXPECT_TRUE(alive(wrong_start, wrong_st));
  EXPECT_EQ(std::filesystem::file_size(registry), 0u);
  std::cout << "[ timing ] end_leftovers ended " << ended << " processes in "
            << elapsed << " ms\n";
  for (pid_t pid : {other, wrong_start, right_start}) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  std::filesystem::remove(registry);
}

TEST(leftovers, trampoline_kills_the_child_when_the_daemon_dies) {
  options opts;
  opts.trampoline = HUMMEL_BINARY_DIR "/hummel-spawn";
  auto a = request(1, {"sleep", "300"});
  a.run_marker = marker("pdeath");
  auto h = start_helper(opts, {a});
  ASSERT_GT(h.pid, 0);
  ASSERT_EQ(h.children.size(), 1u);
  int child = h.children[0];
  ASSERT_GT(child, 0);
  auto st = start_of(child);
  ASSERT_TRUE(alive(child, st));
  // The trampoline has exec'd sleep by the time the marker shows "sleep".
  ASSERT_TRUE(poll_until(2s, [&] {
    std::ifstream comm{"/proc/" + std::to_string(child) + "/comm"};
    std::string name;
    comm >> name;
    return name == "sleep";
  }));
  auto start = steady::now();
  ::kill(h.pid, SIGKILL);
  ::waitpid(h.pid, nullptr, 0);
  EXPECT_TRUE(poll_until(2s, [&] { return !alive(child, st); }));
  std::cout << "[ timing ] daemon SIGKILLed: child gone after "
            << ms_since(start) << " ms\n";
  ::waitpid(child, nullptr, WNOHANG); // if it was re-parented to us
}

TEST(leftovers, parent_death_option_kills_the_child_without_a_trampoline) {
  options opts;
  opts.parent_death = true; // set in the child itself: no hummel-spawn
  auto a = request(1, {"sleep", "300"});
  a.run_marker = marker("pdeath-direct");
  auto h = start_helper(opts, {a});
  ASSERT_GT(h.pid, 0);
  ASSERT_EQ(h.children.size(), 1u);
  int child = h.children[0];
  ASSERT_GT(child, 0);
  auto st = start_of(child);
  ASSERT_TRUE(alive(child, st));
  ASSERT_TRUE(poll_until(2s, [&] {
    std::ifstream comm{"/proc/" + std::to_string(child) + "/comm"};
    std::string name;
    comm >> name;
    return name == "sleep";
  }));
  ::kill(h.pid, SIGKILL);
  ::waitpid(h.pid, nullptr, 0);
  EXPECT_TRUE(poll_until(2s, [&] { return !alive(child, st); }));
  ::waitpid(child, nullptr, WNOHANG); // if it was re-parented to us
}
