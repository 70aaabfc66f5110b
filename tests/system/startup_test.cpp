// Start-up as a user meets it: many projects at once on the default port,
// and every start-up failure ending the daemon at once with exit 2 and
// nothing left behind (lock, socket, runtime file, child).

#include "config/load.hpp"
#include "tests/support/binaries.hpp"
#include "tests/support/build_kind.hpp"
#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <set>
#include <thread>

namespace {

using namespace bin_test;

fs::path lock_file(const sandbox& box) {
  return "/tmp/hummel-" + std::to_string(::getuid()) + "-locks/"
         + hummel::make_project_id(fs::canonical(box.project)) + ".lock";
}

/// The daemon's own `hummel daemon` in the sandbox; its exit code, the
/// seconds it took and what it printed.
struct daemon_run {
  int exit_code = -1;
  double seconds = 0;
  std::string output;
};

daemon_run run_daemon(const sandbox& box, std::vector<std::string> extra) {
  std::vector<std::string> args{"daemon", "--dir", box.project.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  auto out = box.root.path / "daemon.out";
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  auto t0 = std::chrono::steady_clock::now();
  auto pid = spawn(binary(), args, box.env(), nullptr, fd, fd);
  ::close(fd);
  daemon_run r;
  r.exit_code = wait_exit(pid, 10s);
  r.seconds
    = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
        .count();
  r.output = read_text(out);
  return r;
}

/// Checks what a failed start must leave: nothing.
void expect_nothing_left(const sandbox& box) {
  auto id = hummel::make_project_id(fs::canonical(box.project));
  EXPECT_FALSE(fs::exists(lock_file(box))) << lock_file(box);
  EXPECT_FALSE(fs::exists(box.runtime / "hummel" / (id + ".sock")));
  EXPECT_FALSE(fs::exists(box.runtime / "hummel" / (id + ".json")));
  EXPECT_TRUE(hummel::test::pids_with_env("HUMMEL_RUN=" + id + "/").empty());
}

void write_config(const sandbox& box, const std::string& daemon_table) {
  std::ofstream{box.project / "hummel.toml"}
    << daemon_table << "[processes.svc]\ncommand = \"sleep 300\"\n";
}

TEST(startup, an_explicit_port_that_is_taken_ends_the_daemon_with_exit_2) {
  sandbox box;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  auto taken = "127.0.0.1:" + std::to_string(ntohs(a.sin_port));
  write_config(box, "[daemon]\nhttp = \"" + taken + "\"\n\n");
  auto r = run_daemon(box, {});
  ::close(fd);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_LT(r.seconds, hummel::test::quick_exit_s) << r.output;
  EXPECT_NE(r.output.find("cannot listen on " + taken), std::string::npos)
    << r.output;
  expect_nothing_left(box);
}

TEST(startup, an_unwritable_state_folder_ends_the_daemon_with_exit_2) {
  sandbox box;
  write_config(box, "");
  auto file = box.root.path / "a-file";
  std::ofstream{file} << "not a folder\n";
  auto r = run_daemon(box, {"--state-dir", (file / "state").string()});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_LT(r.seconds, hummel::test::quick_exit_s) << r.output;
  EXPECT_NE(r.output.find("state directory " + (file / "state").string()),
            std::string::npos)
    << r.output;
  expect_nothing_left(box);
}

TEST(startup, an_invalid_configuration_ends_the_daemon_and_up_with_exit_2) {
  sandbox box;
  std::ofstream{box.project / "hummel.toml"}
    << "[processes.web]\ncommand = \"sleep 1\"\nrestart = \"sometimes\"\n";
  auto r = run_daemon(box, {});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_LT(r.seconds, hummel::test::quick_exit_s) << r.output;
  EXPECT_NE(r.output.find("hummel.toml:3"), std::string::npos) << r.output;
  expect_nothing_left(box);
  auto up = run_hummel(box, {"up", "--dir", box.project.string()}, {}, 30s);
  EXPECT_EQ(up.exit_code, 2) << up.out << up.err;
  EXPECT_NE(up.err.find("hummel.toml:3"), std::string::npos) << up.err;
  expect_nothing_left(box);
}

TEST(startup, a_matcher_re2_cannot_take_ends_the_daemon_with_exit_2) {
  sandbox box;
  std::ofstream{box.project / "m.json"}
    << R"j({"owner": "lookbehind", "pattern": [
         {"regexp": "(?<=x)error (.*)", "message": 1}]})j";
  std::ofstream{box.project / "hummel.toml"}
    << "[errors]\nmatchers = [\"m.json\"]\n";
  auto r = run_daemon(box, {});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("m.json"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("lookbehind"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("RE2"), std::string::npos) << r.output;
  expect_nothing_left(box);
}

TEST(startup, a_daemon_that_stops_normally_removes_its_lock_file) {
  sandbox box;
  write_config(box, "[daemon]\nhttp = \"127.0.0.1:0\"\n\n");
  auto dir = box.project.string();
  ASSERT_EQ(run_hummel(box, {"up", "--dir", dir}, {}, 30s).exit_code, 0);
  EXPECT_TRUE(fs::exists(lock_file(box)));
  ASSERT_EQ(run_hummel(box, {"down", "--dir", dir}, {}, 40s).exit_code, 0);
  expect_nothing_left(box);
}

// Acceptance 1 of issue 10: five projects with the default port, started at
// the same moment, each get a port of their own (no probe-then-bind race).
TEST(startup, five_projects_started_together_each_get_their_own_url) {
  std::array<std::unique_ptr<sandbox>, 5> boxes;
  for (auto& b : boxes) {
    b = std::make_unique<sandbox>();
    write_config(*b, ""); // the default address: 127.0.0.1:7777 or the next
  }
  std::array<run_result, 5> ups;
  std::vector<std::thread> threads;
  for (size_t i = 0; i < boxes.size(); ++i)
    threads.emplace_back([&, i] {
      ups[i] = run_hummel(*boxes[i],
                          {"up", "--dir", boxes[i]->project.string()}, {}, 30s);
    });
  for (auto& t : threads)
    t.join();
  std::set<std::string> urls;
  for (size_t i = 0; i < boxes.size(); ++i) {
    EXPECT_EQ(ups[i].exit_code, 0) << ups[i].err;
    auto info = boxes[i]->runtime_info();
    ASSERT_TRUE(info.is_object() && info["http"].is_string()) << info;
    auto url = info["http"].get<std::string>();
    urls.insert(url);
    // The URL answers MCP: an initialize through curl.
    auto cmd
      = "curl -s -m 5 -X POST -H 'Content-Type: application/json' "
        "-H 'Accept: application/json, text/event-stream' -d "
        "'{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
        "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
        "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}' "
        + url;
    std::string answer;
    if (auto* p = ::popen(cmd.c_str(), "r")) {
      char buf[4096];
      size_t n = 0;
      while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0)
        answer.append(buf, n);
      ::pclose(p);
    }
    EXPECT_NE(answer.find("\"serverInfo\""), std::string::npos)
      << url << ": " << answer;
  }
  EXPECT_EQ(urls.size(), boxes.size());
  for (auto& b : boxes)
    EXPECT_EQ(
      run_hummel(*b, {"down", "--dir", b->project.string()}, {}, 40s).exit_code,
      0);
}

} // namespace
