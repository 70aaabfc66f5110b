// Output, exit codes, ordering and spawn errors of the reactor, with real
// processes.
#include "reactor/reactor.hpp"
#include "tests/reactor/reactor_test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

using namespace std::chrono_literals;
using namespace hummel::reactor;
using namespace hummel::reactor::test;
using hummel::log_stream;

namespace {

options fast_options() {
  options opts;
  opts.sample_period = 200ms;
  opts.sample_budget = 0; // every period, on a busy machine too
  return opts;
}

// A fresh empty directory, removed at the end of the test.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    path = std::filesystem::temp_directory_path()
           / ("hummel-reactor-" + std::to_string(::getpid()) + "-"
              + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static inline int counter = 0;
};

} // namespace

TEST(reactor_output, lines_in_order_and_exit_code_after_last_line) {
  test_sink events;
  reactor r{fast_options(), events};
  auto pid
    = r.spawn(request(1, {"sh", "-c", "echo 1; echo 2; echo err >&2; exit 3"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  ASSERT_TRUE(events.wait_exit(1, 5s));
  auto rec = events.get(1);
  EXPECT_TRUE(rec.started);
  EXPECT_EQ(rec.pid, std::get<int>(pid));
  EXPECT_EQ(rec.out, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(rec.err, (std::vector<std::string>{"err"}));
  EXPECT_EQ(rec.exit->code, 3);
  EXPECT_EQ(rec.exit->signal, 0);
  EXPECT_FALSE(rec.exit->requested);
  EXPECT_FALSE(rec.order_error);
}

namespace {

// Checks numbered lines as they arrive instead of keeping a million strings.
class counting_sink : public test_sink {
public:
  void on_output(child_id id, log_stream s,
                 std::vector<std::string> lines) override {
    calls.fetch_add(1);
    for (auto& line : lines) {
      if (line != std::to_string(next + 1))
        bad.fetch_add(1);
      ++next;
    }
    test_sink::on_output(id, s, {std::to_string(lines.size())});
  }

  std::atomic<size_t> calls{0};
  std::atomic<size_t> bad{0};
  uint64_t next = 0; // reactor thread only
};

} // namespace

TEST(reactor_output, a_million_lines_arrive_in_order_before_the_exit) {
  counting_sink events;
  reactor r{fast_options(), events};
  auto start = steady::now();
  auto pid = r.spawn(request(1, {"sh", "-c", "seq 1 1000000; exit 3"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  ASSERT_TRUE(events.wait_exit(1, 15s));
  auto elapsed = ms_since(start);
  auto rec = events.get(1);
  size_t total = 0;
  for (auto& n : rec.out)
    total += std::stoul(n);
  EXPECT_EQ(total, 1000000u);
  EXPECT_EQ(events.bad.load(), 0u);
  EXPECT_EQ(rec.exit->code, 3);
  EXPECT_FALSE(rec.order_error);
  std::cout << "[ timing ] 1,000,000 lines + exit: " << elapsed << " ms in "
            << events.calls.load() << " on_output calls\n";
}

TEST(reactor_output, a_line_by_line_writer_is_read_in_batches) {
  // stdbuf -oL: one write per line, as a line-buffered dev server logs.
  // Read as it trickles in, each line was one read and one on_output
  // call (99,000+ calls for 100,000 lines before the pipes were parked).
  counting_sink events;
  reactor r{fast_options(), events};
  auto pid = r.spawn(
    request(1, {"sh", "-c", "stdbuf -oL seq -f %.0f 1 100000; exit 0"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  ASSERT_TRUE(events.wait_exit(1, 15s));
  size_t total = 0;
  for (auto& n : events.get(1).out)
    total += std::stoul(n);
  EXPECT_EQ(total, 100000u);
  EXPECT_EQ(events.bad.load(), 0u);
  EXPECT_LT(events.calls.load(), 10000u);
  std::cout << "[ batches ] 100,000 lines in " << events.calls.load()
            << " on_output calls\n";
}

TEST(reactor_output, a_quiet_streams_line_is_read_at_once) {
  // Parking is for streams that trickle: a line after a pause comes at
  // once, even right after a burst.
  test_sink events;
  reactor r{fast_options(), events};
  auto pid = r.spawn(request(
    1, {"sh", "-c",
        "stdbuf -oL seq -f %.0f 1 1000; sleep 0.3; echo late; sleep 2"}));
  ASSERT_TRUE(std::holds_alternative<int>(pid)) << std::get<1>(pid);
  ASSERT_TRUE(events.wait_out(1, 1000, 5s));
  auto t0 = steady::now();
  ASSERT_TRUE(events.wait_out(1, 1001, 5s));
  // 300 ms of sleep; parking would add at most a few ms.
  EXPECT_LT(ms_since(t0), 450);
  EXPECT_EQ(events.get(1).out.back(), "late");
}

TEST(reactor_output, long_lines_are_cut_and_bytes_stay_raw) {
  test_sink events;
  reactor r{fast_options(), events};
  ASSERT_TRUE(std::holds_alternative<int>(r.spawn(
    request(1, {"sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' a"}))));
  ASSERT_TRUE(std::holds_alternative<int>(
    r.spawn(request(2, {"sh", "-c", "printf '\\377\\376\\n'"}))));
  ASSERT_TRUE(events.wait_exit(1, 5s));
  ASSERT_TRUE(events.wait_exit(2, 5s));
  auto rec = events.get(1);
  ASSERT_EQ(rec.out.size(), 16u);
  for (auto& piece : rec.out)
    EXPECT_EQ(piece, std::string(64 * 1024, 'a'));
  EXPECT_EQ(events.get(2).out, (std::vector<std::string>{"\xff\xfe"}));
}

TEST(reactor_output, environment_marker_and_working_directory) {
  temp_dir dir;
  test_sink events;
  reactor r{fast_options(), events};
  auto req
    = request(1, {"sh", "-c", "echo \"$HUMMEL_RUN\"; echo \"$FOO\"; pwd"});
  req.env.push_back("FOO=bar");
  req.env.push_back("HUMMEL_RUN=replaced");
  req.cwd = dir.path;
  ASSERT_TRUE(std::holds_alternative<int>(r.spawn(req)));
  ASSERT_TRUE(events.wait_exit(1, 5s));
  EXPECT_EQ(events.get(1).out, (std::vector<std::string>{req.run_marker, "bar",
                                                         dir.path.string()}));
}

TEST(reactor_output, spawn_errors_are_clear_and_spawn_nothing) {
  temp_dir dir;
  std::ofstream{dir.path / "script"} << "#!/bin/sh\necho hi\n";
  std::filesystem::create_directory(dir.path / "subdir");
  test_sink events;
  reactor r{fast_options(), events};
  auto error = [&](spawn_request req) {
    auto result = r.spawn(std::move(req));
    return std::holds_alternative<std::string>(result)
             ? std::get<std::string>(result)
             : std::string{"spawned"};
  };
  EXPECT_EQ(error(request(1, {"no-such-command-xyz"})),
            "command not found: no-such-command-xyz");
  auto missing = request(2, {"true"});
  missing.cwd = dir.path / "missing";
  EXPECT_EQ(error(missing), "working directory does not exist: "
                              + (dir.path / "missing").string());
  auto not_exec = request(3, {"./script"});
  not_exec.cwd = dir.path;
  EXPECT_EQ(error(not_exec), "permission denied: ./script");
  auto directory = request(4, {"./subdir"});
  directory.cwd = dir.path;
  EXPECT_EQ(error(directory), "is a directory: ./subdir");
  auto bad_path = request(5, {"sh"});
  bad_path.env = {"PATH=/nonexistent"};
  EXPECT_EQ(error(bad_path), "command not found: sh");
  EXPECT_EQ(error(request(6, {})), "empty command");
  // The same script becomes startable once it is executable.
  std::filesystem::permissions(dir.path / "script",
                               std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  EXPECT_EQ(error(not_exec), "spawned");
  ASSERT_TRUE(events.wait_exit(3, 5s));
  EXPECT_EQ(events.get(3).out, (std::vector<std::string>{"hi"}));
  for (child_id id : {1, 2, 4, 5, 6})
    EXPECT_FALSE(events.seen(id)) << id;
}

TEST(reactor_output, trampoline_runs_children_and_reports_exec_failure) {
  std::string tramp = HUMMEL_BINARY_DIR "/hummel-spawn";
  ASSERT_TRUE(std::filesystem::exists(tramp));
  test_sink events;
  auto opts = fast_options();
  opts.trampoline = tramp;
  {
    reactor r{opts, events};
    ASSERT_TRUE(std::holds_alternative<int>(
      r.spawn(request(1, {"sh", "-c", "echo via trampoline; exit 4"}))));
    ASSERT_TRUE(events.wait_exit(1, 5s));
  }
  EXPECT_EQ(events.get(1).out, (std::vector<std::string>{"via trampoline"}));
  EXPECT_EQ(events.get(1).exit->code, 4);
  // Without the option, run the trampoline by hand: a failing exec.
  reactor r{fast_options(), events};
  auto self = std::to_string(::getpid());
  ASSERT_TRUE(std::holds_alternative<int>(
    r.spawn(request(2, {tramp, self, "--", "/nonexistent/prog"}))));
  ASSERT_TRUE(std::holds_alternative<int>(
    r.spawn(request(3, {tramp, "1", "--", "true"}))));
  ASSERT_TRUE(events.wait_exit(2, 5s));
  ASSERT_TRUE(events.wait_exit(3, 5s));
  EXPECT_EQ(events.get(2).exit->code, 127);
  EXPECT_EQ(events.get(2).err,
            (std::vector<std::string>{
              "hummel-spawn: /nonexistent/prog: No such file or directory"}));
  EXPECT_EQ(events.get(3).exit->code, 1); // "parent" 1 is not our parent
}

namespace {

// Restarts child 1 as child 2 from inside on_exit (on the reactor thread).
class restarting_sink : public test_sink {
public:
  void on_exit(child_id id, exit_info info) override {
    if (id == 1 && r != nullptr)
      spawned_inside
        = std::holds_alternative<int>(r->spawn(request(2, {"echo", "second"})));
    test_sink::on_exit(id, info);
  }

  reactor* r = nullptr;
  std::atomic<bool> spawned_inside{false};
};

} // namespace

TEST(reactor_output, spawn_from_inside_a_callback_and_duplicate_ids) {
  restarting_sink events;
  reactor r{fast_options(), events};
  events.r = &r;
  ASSERT_TRUE(
    std::holds_alternative<int>(r.spawn(request(1, {"echo", "first"}))));
  ASSERT_TRUE(events.wait_exit(2, 5s));
  EXPECT_TRUE(events.spawned_inside.load());
  EXPECT_EQ(events.get(2).out, (std::vector<std::string>{"second"}));
  ASSERT_TRUE(std::holds_alternative<int>(r.spawn(request(3, {"sleep", "5"}))));
  auto dup = r.spawn(request(3, {"true"}));
  ASSERT_TRUE(std::holds_alternative<std::string>(dup));
  EXPECT_EQ(std::get<std::string>(dup), "duplicate child id: 3");
  events.r = nullptr;
}
