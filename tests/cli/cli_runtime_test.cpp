// The runtime file, /proc parsing and the checks before `hummel down`
// signals anything; the setup lines of `hummel up`.

#include "common/paths.hpp"
#include "common/proc_stat.hpp"
#include "main/cli/runtime.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace {

using namespace hummel::cli;

TEST(cli_runtime, parses_the_runtime_file) {
  std::string error;
  auto info = parse_runtime_info(
    R"({"pid": 123, "start_time": 4567, "socket": "/run/x.sock",
        "http": "127.0.0.1:7777", "dir": "/p", "token": "abc"})",
    error);
  ASSERT_TRUE(info) << error;
  EXPECT_EQ(info->pid, 123);
  EXPECT_EQ(info->start_time, 4567u);
  EXPECT_EQ(info->socket, "/run/x.sock");
  EXPECT_EQ(info->http, "127.0.0.1:7777");
  EXPECT_EQ(info->dir, "/p");
  EXPECT_EQ(info->token, "abc");

  auto bare = parse_runtime_info(
    R"({"pid": 1, "start_time": 2, "socket": "s", "http": null, "dir": "d"})",
    error);
  ASSERT_TRUE(bare) << error;
  EXPECT_FALSE(bare->http);
  EXPECT_FALSE(bare->token);
}

TEST(cli_runtime, refuses_bad_runtime_files) {
  std::string error;
  EXPECT_FALSE(parse_runtime_info("", error));
  EXPECT_FALSE(parse_runtime_info("[]", error));
  EXPECT_FALSE(parse_runtime_info(R"({"start_time": 2})", error));
  EXPECT_NE(error.find("pid"), std::string::npos);
  EXPECT_FALSE(parse_runtime_info(R"({"pid": -4, "start_time": 2})", error));
  EXPECT_FALSE(parse_runtime_info(R"({"pid": "4", "start_time": 2})", error));
  EXPECT_FALSE(parse_runtime_info(R"({"pid": 4})", error));
  EXPECT_NE(error.find("start_time"), std::string::npos);
  EXPECT_FALSE(parse_runtime_info(R"({"pid": 4, "start_time": -1})", error));
}

// Only the daemon binary beside the CLI counts: this test binary is "ours"
// when named as the daemon executable, a stranger otherwise.
TEST(cli_runtime, only_the_named_daemon_executable_is_ours) {
  std::ifstream in{"/proc/self/stat"};
  std::string stat;
  std::getline(in, stat);
  auto mine = hummel::parse_proc_stat(stat);
  ASSERT_TRUE(mine);
  EXPECT_EQ(process_start_time(::getpid()), mine->start_ticks);
  EXPECT_TRUE(runs_executable(::getpid(), self_exe()));
  EXPECT_FALSE(runs_executable(::getpid(), "/bin/sleep"));
  EXPECT_FALSE(runs_executable(::getpid(), ""));
  runtime_info info;
  info.pid = ::getpid();
  info.start_time = mine->start_ticks;
  EXPECT_EQ(check_daemon(info, self_exe()), daemon_state::ours);
  // The default is hummel-daemon in this binary's folder: not this binary.
  EXPECT_EQ(daemon_executable(), hummel::self_dir() / "hummel-daemon");
  EXPECT_EQ(check_daemon(info), daemon_state::stranger);
  info.start_time = mine->start_ticks + 1; // the pid was reused
  EXPECT_EQ(check_daemon(info, self_exe()), daemon_state::gone);
}

TEST(cli_runtime, another_program_is_a_stranger_and_the_dead_are_gone) {
  int in = -1;
  auto pid = cli_test::spawn("/bin/sleep", {"30"}, {}, &in);
  ASSERT_GT(pid, 0);
  // Wait for the exec, so /proc/PID/exe is sleep, not this test.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (runs_executable(pid, self_exe())
         && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto start = process_start_time(pid);
  ASSERT_TRUE(start);
  runtime_info info;
  info.pid = pid;
  info.start_time = *start;
  EXPECT_FALSE(runs_executable(pid, self_exe()));
  EXPECT_EQ(check_daemon(info, self_exe()), daemon_state::stranger);
  EXPECT_EQ(check_daemon(info), daemon_state::stranger);
  ::kill(pid, SIGKILL);
  // A zombie counts as gone, as does a reaped process.
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (process_start_time(pid) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(process_start_time(pid));
  EXPECT_EQ(check_daemon(info, self_exe()), daemon_state::gone);
  cli_test::wait_exit(pid, 5);
  ::close(in);
  EXPECT_EQ(check_daemon(info, self_exe()), daemon_state::gone);
}

TEST(cli_runtime, mcp_urls) {
  runtime_info info;
  EXPECT_EQ(mcp_url(info), "");
  info.http = "127.0.0.1:7777";
  EXPECT_EQ(mcp_url(info), "http://127.0.0.1:7777/mcp");
  info.http = "0.0.0.0:80";
  EXPECT_EQ(mcp_url(info), "http://127.0.0.1:80/mcp");
  info.http = "::1:7777";
  EXPECT_EQ(mcp_url(info), "http://[::1]:7777/mcp");
  info.http = "[::]:7777";
  EXPECT_EQ(mcp_url(info), "http://[::1]:7777/mcp");
  info.http = "http://127.0.0.1:41234/mcp";
  EXPECT_EQ(mcp_url(info), "http://127.0.0.1:41234/mcp");
  info.http = "http://0.0.0.0:41234/mcp";
  EXPECT_EQ(mcp_url(info), "http://127.0.0.1:41234/mcp");
}

TEST(cli_runtime, setup_lines) {
  runtime_info info;
  info.http = "127.0.0.1:7777";
  auto text = setup_text(info, "/my proj", "/usr/bin/hummel");
  EXPECT_NE(text.find("MCP endpoint: http://127.0.0.1:7777/mcp\n"),
            std::string::npos);
  EXPECT_NE(text.find("Dashboard: http://127.0.0.1:7777/\n"), std::string::npos)
    << text;
  EXPECT_NE(text.find("claude mcp add --transport http hummel "
                      "http://127.0.0.1:7777/mcp\n"),
            std::string::npos);
  EXPECT_NE(text.find(R"({"mcpServers":{"hummel":{"url":)"
                      R"("http://127.0.0.1:7777/mcp"}}})"),
            std::string::npos);
  EXPECT_NE(text.find("/usr/bin/hummel mcp --dir '/my proj'"),
            std::string::npos);
  EXPECT_EQ(text.find("Bearer"), std::string::npos);
  info.token = "s3cret";
  text = setup_text(info, "/p", "/usr/bin/hummel");
  EXPECT_NE(text.find("--header 'Authorization: Bearer s3cret'"),
            std::string::npos);
  EXPECT_NE(text.find("Dashboard: http://127.0.0.1:7777/#token=s3cret\n"),
            std::string::npos)
    << text;
  EXPECT_NE(text.find(R"("headers":{"Authorization":"Bearer s3cret"})"),
            std::string::npos);
  runtime_info none;
  text = setup_text(none, "/p", "/usr/bin/hummel");
  EXPECT_EQ(text.find("claude mcp add --transport http"), std::string::npos);
  EXPECT_NE(text.find("/usr/bin/hummel mcp --dir /p"), std::string::npos);
}

} // namespace
