// The real `hummel up` / `hummel ps` / `hummel down` as a user runs them:
// the built binaries (hummel hands `daemon` to hummel-daemon beside it), a
// throw-away project, private XDG folders, HTTP on a free loopback port.
// And `down` never signals a process hummel did not start.

#include "config/load.hpp"
#include "tests/support/binaries.hpp"

#include <gtest/gtest.h>

namespace {

using namespace bin_test;

std::string dir_of(const sandbox& box) {
  return box.project.string();
}

void write_project(const sandbox& box) {
  std::ofstream{box.project / "hummel.toml"}
    << "[daemon]\nhttp = \"127.0.0.1:0\"\n\n"
       "[processes.svc]\ncommand = \"sleep 300\"\n";
}

/// Field 22 of /proc/PID/stat (start time in ticks), or 0.
uint64_t start_ticks(pid_t pid) {
  auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos)
    return 0;
  std::istringstream rest{stat.substr(close + 2)};
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    ;
  return field.empty() ? 0 : std::stoull(field);
}

TEST(cli_up_down, up_prints_socket_and_url_then_ps_and_down_work) {
  sandbox box;
  write_project(box);
  auto dir = dir_of(box);
  auto up
    = run_hummel(box, {"up", "--dir", dir, "--http", "127.0.0.1:0"}, {}, 30s);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto info = box.runtime_info();
  ASSERT_TRUE(info.is_object()) << "no runtime file after `up`";
  auto pid = info["pid"].get<pid_t>();
  auto url = info["http"].get<std::string>();
  auto socket = info["socket"].get<std::string>();
  EXPECT_EQ(exe_of(pid), fs::canonical(binary("hummel-daemon")).string());
  EXPECT_EQ(url.rfind("http://127.0.0.1:", 0), 0u) << url;
  EXPECT_EQ(url.find(":0/"), std::string::npos) << "the real port: " << url;
  EXPECT_NE(up.out.find("Started the daemon for " + dir + " (pid "
                        + std::to_string(pid) + ").\n"),
            std::string::npos)
    << up.out;
  EXPECT_NE(up.out.find("Socket: " + socket + "\n"), std::string::npos)
    << up.out;
  EXPECT_NE(up.out.find("MCP endpoint: " + url + "\n"), std::string::npos)
    << up.out;
  EXPECT_NE(up.out.find("claude mcp add --transport http hummel " + url),
            std::string::npos)
    << up.out;
  EXPECT_EQ(up.out.find("no runtime file"), std::string::npos) << up.out;

  auto ps = run_hummel(box, {"ps", "--dir", dir});
  EXPECT_EQ(ps.exit_code, 0) << ps.err;
  EXPECT_NE(ps.out.find("svc"), std::string::npos) << ps.out;

  // A second `up` finds the same daemon and still tells how to reach it.
  auto again = run_hummel(box, {"up", "--dir", dir});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("A daemon is already running for " + dir + " (pid "
                           + std::to_string(pid) + ").\n"),
            std::string::npos)
    << again.out;
  EXPECT_NE(again.out.find("MCP endpoint: " + url + "\n"), std::string::npos)
    << again.out;

  auto down = run_hummel(box, {"down", "--dir", dir}, {}, 40s);
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(down.out, "Stopped the daemon for " + dir + " (pid "
                        + std::to_string(pid) + ").\n");
  EXPECT_FALSE(alive(pid)) << "the daemon still runs after `down`";
  EXPECT_TRUE(box.runtime_file().empty()) << "the runtime file is left";
  auto after = run_hummel(box, {"ps", "--dir", dir});
  EXPECT_EQ(after.exit_code, 3) << after.out;
}

TEST(cli_up_down, up_json_reports_pid_socket_and_url) {
  sandbox box;
  write_project(box);
  auto dir = dir_of(box);
  auto up = run_hummel(
    box, {"up", "--json", "--dir", dir, "--http", "127.0.0.1:0"}, {}, 30s);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto j = json::parse(up.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << up.out;
  auto info = box.runtime_info();
  ASSERT_TRUE(info.is_object());
  EXPECT_EQ(j["started"], true);
  EXPECT_EQ(j["dir"], dir);
  EXPECT_EQ(j["pid"], info["pid"]) << up.out;
  EXPECT_EQ(j["socket"], info["socket"]) << up.out;
  EXPECT_EQ(j["url"], info["http"]) << up.out;

  auto again = run_hummel(box, {"up", "--json", "--dir", dir});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto k = json::parse(again.out, nullptr, false);
  EXPECT_EQ(k["started"], false) << again.out;
  EXPECT_EQ(k["pid"], info["pid"]) << again.out;
  EXPECT_EQ(k["url"], info["http"]) << again.out;

  auto down = run_hummel(box, {"down", "--json", "--dir", dir}, {}, 40s);
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(json::parse(down.out, nullptr, false),
            (json{{"stopped", true}, {"pid", info["pid"]}}));
}

// Without a runtime file `down` asks the socket who listens (SO_PEERCRED)
// and stops it only because it runs hummel-daemon.
TEST(cli_up_down, down_without_runtime_file_stops_the_daemon_on_the_socket) {
  sandbox box;
  write_project(box);
  auto dir = dir_of(box);
  auto up = run_hummel(box, {"up", "--dir", dir}, {}, 30s);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto info = box.runtime_info();
  ASSERT_TRUE(info.is_object());
  auto pid = info["pid"].get<pid_t>();
  fs::remove(box.runtime_file());
  auto down = run_hummel(box, {"down", "--dir", dir}, {}, 40s);
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_FALSE(alive(pid));
}

TEST(cli_up_down, down_refuses_a_runtime_file_naming_an_unrelated_process) {
  sandbox box;
  write_project(box);
  int in = -1;
  auto sleeper = spawn("/bin/sleep", {"60"}, {}, &in);
  ASSERT_GT(sleeper, 0);
  ASSERT_TRUE(wait_for(
    [&] { return exe_of(sleeper).find("sleep") != std::string::npos; }, 5s));
  auto start = start_ticks(sleeper);
  ASSERT_NE(start, 0u);
  auto id = hummel::make_project_id(box.project);
  auto file = box.runtime / "hummel" / (id + ".json");
  std::ofstream{file} << json{
    {"pid", sleeper},
    {"start_time", start},
    {"socket", (box.runtime / "hummel" / (id + ".sock")).string()},
    {"http", nullptr},
    {"dir", dir_of(box)}}.dump();
  auto down = run_hummel(box, {"down", "--dir", dir_of(box)});
  EXPECT_EQ(down.exit_code, 1) << down.out;
  EXPECT_NE(down.err.find("process " + std::to_string(sleeper) + " named in "
                          + file.string()
                          + " is not a hummel daemon; not signalling it"),
            std::string::npos)
    << down.err;
  EXPECT_TRUE(alive(sleeper)) << "`down` signalled an unrelated process";
  EXPECT_EQ(start_ticks(sleeper), start);
  ::kill(sleeper, SIGKILL);
  wait_exit(sleeper, 5s);
  ::close(in);
}

// `hummel mcp` (stdio) starts the daemon in the background when none runs,
// relays the session, and leaves the daemon running for the next client.
TEST(cli_up_down, mcp_over_stdio_starts_the_daemon_when_none_runs) {
  sandbox box;
  write_project(box);
  auto dir = dir_of(box);
  ASSERT_TRUE(box.runtime_file().empty());
  std::string input
    = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{)"
      R"("protocolVersion":"2025-06-18","capabilities":{},)"
      R"("clientInfo":{"name":"t","version":"1"}}})"
      "\n"
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
      "\n"
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{)"
      R"("name":"scripts_status","arguments":{"name":"svc"}}})"
      "\n";
  auto r = run_hummel(box, {"mcp", "--dir", dir}, input, 30s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> lines;
  std::istringstream out{r.out};
  for (std::string line; std::getline(out, line);)
    lines.push_back(json::parse(line, nullptr, false));
  ASSERT_EQ(lines.size(), 2u) << r.out << r.err;
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[0]["result"]["protocolVersion"], "2025-06-18") << r.out;
  EXPECT_EQ(lines[1]["id"], 2);
  auto& svc = lines[1]["result"]["structuredContent"]["processes"][0];
  EXPECT_EQ(svc["name"], "svc") << r.out;

  // The daemon writes its runtime file just after its socket opens, so a
  // quick session may end before it is there.
  ASSERT_TRUE(wait_for([&] { return box.runtime_info().is_object(); }, 10s))
    << "no daemon was started";
  auto info = box.runtime_info();
  auto pid = info["pid"].get<pid_t>();
  EXPECT_TRUE(alive(pid));
  EXPECT_EQ(exe_of(pid), fs::canonical(binary("hummel-daemon")).string());
  auto down = run_hummel(box, {"down", "--dir", dir}, {}, 40s);
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_FALSE(alive(pid));
}

} // namespace
