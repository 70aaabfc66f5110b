// The built `hummel` binary as a user runs it: exit codes without a
// daemon, usage errors, and every client command against a fake daemon
// (the real MCP engine with canned tool results on the project's socket).

#include "main/cli/format.hpp"
#include "main/cli/runtime.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

namespace {

using cli_test::fake_daemon;
using cli_test::run_hummel;
using cli_test::sandbox;
using nlohmann::json;

json status(const std::string& name, const std::string& state = "running") {
  return cli_test::canned_status(name, state);
}

std::string dir_of(const sandbox& box) {
  return box.project.string();
}

TEST(cli_process, no_daemon_exits_3_with_a_clear_message) {
  sandbox box;
  auto r = run_hummel(box, {"ps", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("hummel: no daemon running for " + dir_of(box)),
            std::string::npos)
    << r.err;
  EXPECT_NE(r.err.find("hummel up"), std::string::npos);
  for (std::vector<std::string> args : {std::vector<std::string>{"scripts"},
                                        {"run", "web"},
                                        {"stop", "web"},
                                        {"restart", "web"},
                                        {"logs"},
                                        {"logs", "web", "-f"},
                                        {"ps", "--json"},
                                        {"down"}}) {
    args.push_back("--dir");
    args.push_back(dir_of(box));
    auto rr = run_hummel(box, args);
    EXPECT_EQ(rr.exit_code, 3) << args[0] << ": " << rr.err;
    EXPECT_EQ(rr.out, "") << args[0];
  }
}

TEST(cli_process, usage_errors_exit_2) {
  sandbox box;
  auto dir = dir_of(box);
  for (const auto& args : std::vector<std::vector<std::string>>{
         {},
         {"bogus"},
         {"ps", "--bogus", "--dir", dir},
         {"ps", "--dir", (box.root.path / "missing").string()},
         {"stop", "--dir", dir},
         {"logs", "-n", "0", "--dir", dir},
         {"logs", "--stream", "both", "--dir", dir},
         {"logs", "--since", "soon", "--dir", dir},
         {"logs", "--since", "12", "--dir", dir}}) {
    auto r = run_hummel(box, args);
    EXPECT_EQ(r.exit_code, 2) << (args.empty() ? "" : args[0]) << r.err;
    EXPECT_FALSE(r.err.empty());
  }
  auto help = run_hummel(box, {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("logs"), std::string::npos);
}

TEST(cli_process, ps_prints_a_table_or_json) {
  sandbox box;
  auto all
    = cli_test::canned_statuses({status("web"), status("db", "stopped")});
  fake_daemon daemon{
    box.socket(), [&](const std::string& tool, const json& args, const auto&) {
      if (tool != "scripts_status")
        return cli_test::fail("unexpected " + tool);
      if (args.contains("name"))
        return cli_test::ok(cli_test::canned_statuses({status(args["name"])}));
      return cli_test::ok(all);
    }};
  ASSERT_TRUE(daemon.ok());
  auto r = run_hummel(box, {"ps", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, hummel::cli::format_status_table(all, false));
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.err, "");

  r = run_hummel(box, {"ps", "--json", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out), all);

  r = run_hummel(box, {"ps", "api", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("api"), std::string::npos);
  auto calls = daemon.calls();
  ASSERT_EQ(calls.size(), 3u);
  // The table asks for its columns only, --json for every field (a
  // list's default is only a few).
  ASSERT_TRUE(calls[0]["args"]["fields"].is_array());
  EXPECT_EQ(calls[0]["args"]["fields"].size(), 13u);
  for (const char* column :
       {"status", "ready", "pid", "uptime_ms", "restarts", "exit_code",
        "signal", "cpu_percent", "rss_bytes", "urls", "error_count",
        "restart_reason", "log_degraded"})
    EXPECT_NE(std::find(calls[0]["args"]["fields"].begin(),
                        calls[0]["args"]["fields"].end(), column),
              calls[0]["args"]["fields"].end())
      << column;
  EXPECT_EQ(calls[1]["args"]["fields"].size(), 20u);
  calls[0]["args"].erase("fields");
  calls[2]["args"].erase("fields");
  EXPECT_EQ(calls[0]["args"], json::object());
  EXPECT_EQ(calls[2]["args"], (json{{"name", "api"}}));
}

TEST(cli_process, commands_send_their_tools_and_report_errors) {
  sandbox box;
  fake_daemon daemon{
    box.socket(), [&](const std::string& tool, const json& args, const auto&) {
      auto name = args.value("name", std::string{});
      if (name == "nosuch")
        return cli_test::fail("no process or script named 'nosuch'");
      if (tool == "scripts_list")
        return cli_test::ok(
          cli_test::canned_list({cli_test::canned_list_item("web")}));
      auto s = status(name, tool == "scripts_stop" ? "stopped" : "running");
      if (tool == "scripts_run")
        s["duplicate"] = name == "web";
      return cli_test::ok(s);
    }};
  ASSERT_TRUE(daemon.ok());
  auto dir = dir_of(box);
  auto r = run_hummel(box, {"stop", "nosuch", "--dir", dir});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "hummel: no process or script named 'nosuch'\n");
  EXPECT_EQ(r.out, "");

  r = run_hummel(box, {"run", "web", "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("web is already running\nNAME", 0), 0u) << r.out;

  r = run_hummel(
    box, {"run", "job", "--dir", dir, "--", "sh", "-c", "echo hi --there"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("job "), std::string::npos);

  r = run_hummel(box, {"stop", "web", "--dir", dir, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["status"], "stopped");

  r = run_hummel(box, {"restart", "web", "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;

  r = run_hummel(box, {"scripts", "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("./web.sh"), std::string::npos);

  auto calls = daemon.calls();
  ASSERT_EQ(calls.size(), 6u);
  EXPECT_EQ(calls[0]["tool"], "scripts_stop");
  EXPECT_EQ(calls[1]["args"], (json{{"name", "web"}}));
  EXPECT_EQ(calls[2]["tool"], "scripts_run");
  EXPECT_EQ(calls[2]["args"]["name"], "job");
  EXPECT_EQ(calls[2]["args"]["command"], "sh");
  EXPECT_EQ(calls[2]["args"]["args"], (json{"-c", "echo hi --there"}));
  EXPECT_TRUE(calls[2]["args"]["cwd"].is_string());
  EXPECT_EQ(calls[4]["tool"], "scripts_restart");
  EXPECT_EQ(calls[5]["tool"], "scripts_list");
}

TEST(cli_process, up_with_a_daemon_answering_says_so) {
  sandbox box;
  fake_daemon daemon{box.socket(),
                     [](const std::string&, const json&, const auto&) {
                       return cli_test::fail("no tools here");
                     }};
  ASSERT_TRUE(daemon.ok());
  auto r = run_hummel(box, {"up", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("already running"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mcp --dir " + dir_of(box)), std::string::npos);
}

TEST(cli_process, up_reports_a_daemon_that_fails_to_start) {
  sandbox box;
  std::ofstream{box.project / "hummel.toml"} << "this is = = not toml\n";
  auto r = run_hummel(box, {"up", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 2) << "the daemon's could-not-start passes through";
  EXPECT_NE(r.err.find("the daemon exited with code 2"), std::string::npos)
    << r.err;
  EXPECT_NE(r.err.find("hummel.toml:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("daemon.log"), std::string::npos);
}

void write_runtime(const sandbox& box, pid_t pid, uint64_t start) {
  std::ofstream{box.runtime_file()} << json{
    {"pid", pid},
    {"start_time", start},
    {"socket", box.socket().string()},
    {"http", nullptr},
    {"dir", box.project.string()}}.dump();
}

TEST(cli_process, down_leaves_stale_files_and_strangers_alone) {
  sandbox box;
  auto mine = hummel::cli::process_start_time(::getpid());
  ASSERT_TRUE(mine);
  write_runtime(box, ::getpid(), *mine + 1); // a reused pid
  auto r = run_hummel(box, {"down", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 3) << r.err;

  int in = -1;
  auto pid = cli_test::spawn("/bin/sleep", {"30"}, {}, &in);
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (hummel::cli::runs_executable(pid, hummel::cli::self_exe())
         && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto start = hummel::cli::process_start_time(pid);
  ASSERT_TRUE(start);
  write_runtime(box, pid, *start);
  r = run_hummel(box, {"down", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a hummel daemon"), std::string::npos) << r.err;
  EXPECT_EQ(hummel::cli::process_start_time(pid), start) << "was signalled";
  ::kill(pid, SIGKILL);
  cli_test::wait_exit(pid, 5);
  ::close(in);
}

// The CLI binary itself is not the daemon either: `down` stops only
// hummel-daemon (the real pair is tested in tests/system/cli_up_down_test).
TEST(cli_process, down_refuses_the_cli_binary_standing_in_for_a_daemon) {
  sandbox box;
  fake_daemon daemon{box.socket(),
                     [](const std::string&, const json&, const auto&) {
                       return cli_test::fail("no tools here");
                     }};
  ASSERT_TRUE(daemon.ok());
  // `hummel mcp` connects to the fake daemon and waits on stdin.
  int in = -1;
  auto pid = cli_test::spawn(cli_test::hummel_binary(),
                             {"mcp", "--dir", dir_of(box)}, box.env(), &in);
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!hummel::cli::runs_executable(pid, cli_test::hummel_binary())
         && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto start = hummel::cli::process_start_time(pid);
  ASSERT_TRUE(start);
  write_runtime(box, pid, *start);
  auto r = run_hummel(box, {"down", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("is not a hummel daemon; not signalling it"),
            std::string::npos)
    << r.err;
  EXPECT_EQ(hummel::cli::process_start_time(pid), start) << "was signalled";
  ::close(in); // `hummel mcp` ends with its stdin
  EXPECT_EQ(cli_test::wait_exit(pid, 5), 0);
}

} // namespace
