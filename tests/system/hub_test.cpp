// The local hub (`hummel hub`) with real daemons: discovery through the
// runtime folder, links over unix sockets, one MCP endpoint for every
// project, a killed daemon marked stale and forgotten, a restarted one
// linked again, and another uid kept out (issue 15's acceptance 1 and 3;
// the SDK client drives `hummel mcp --hub` in tests/e2e/hub.mjs).

#include "tests/support/as_uid.hpp"
#include "tests/system/cluster_support.hpp"
#include "tests/system/mcp_clients.hpp"

#include <random>
#include <thread>

namespace {

using namespace hummel::cluster_test_support;
using bin_test::socket_client;
namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

int64_t ms_since(clock_type::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now()
                                                               - t0)
    .count();
}

class hub_test : public cluster_test {
protected:
  /// The folder of the runtime files and sockets (HUMMEL_RUNTIME_DIR is
  /// runtime(); hummel keeps them in its `hummel` subfolder).
  fs::path rt() const {
    return runtime() / "hummel";
  }

  /// Starts the hub (forgetting a dead daemon after `forget_ms`) and an
  /// initialised MCP session on its socket.
  void start_hub(std::vector<std::string> extra = {"--http", "off"}) {
    std::vector<std::string> a{"hub", "--state-dir",
                               (root.path() / "hubst").string(),
                               "--forget-after", "1500"};
    a.insert(a.end(), extra.begin(), extra.end());
    hub = std::make_unique<node_process>(a, root.path() / "hub.out", runtime());
    ASSERT_TRUE(hummel::test::wait_until(
      [&] { return fs::exists(rt() / "hub.json"); }, 10s * slack))
      << hub->output();
    client = std::make_unique<socket_client>(rt() / "hub.sock");
    ASSERT_TRUE(client->ok());
    auto init = client->call(
      {{"jsonrpc", "2.0"},
       {"id", 0},
       {"method", "initialize"},
       {"params",
        {{"protocolVersion", "2025-06-18"},
         {"capabilities", json::object()},
         {"clientInfo", {{"name", "hub_test"}, {"version", "1"}}}}}});
    ASSERT_TRUE(init.contains("result")) << init;
    client->send_line(
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  }

  json tool(const std::string& name, json args = json::object()) {
    auto r = client->call({{"jsonrpc", "2.0"},
                           {"id", ++id},
                           {"method", "tools/call"},
                           {"params", {{"name", name}, {"arguments", args}}}});
    return r.value("result", json::object());
  }

  /// projects_list's entry for `name`, or an empty object.
  json project_entry(const std::string& name) {
    auto r = tool("projects_list");
    for (const auto& p : r.value("structuredContent", json::object())
                           .value("projects", json::array()))
      if (p.value("project", "") == name)
        return p;
    return json::object();
  }

  std::vector<std::string> daemon_args(const fs::path& dir) {
    return args("daemon", dir, "n-" + dir.filename().string(), {});
  }

  /// The runtime file of the daemon of `dir` (its name ends in the folder's
  /// project id; there is one per project).
  std::optional<fs::path> runtime_file_of(const fs::path& dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator{rt(), ec}) {
      auto n = e.path().filename().string();
      if (n.starts_with(dir.filename().string() + "-") && n.ends_with(".json"))
        return e.path();
    }
    return std::nullopt;
  }

  std::unique_ptr<node_process> hub;
  std::unique_ptr<socket_client> client;
  int id = 0;
};

TEST_F(hub_test, finds_links_controls_forgets_and_relinks_daemons) {
  ASSERT_NO_FATAL_FAILURE(start_hub());
  std::vector<fs::path> dirs;
  for (int i = 0; i < 5; ++i)
    dirs.push_back(project("proj" + std::to_string(i), 2));
  std::vector<std::unique_ptr<node_process>> daemons(5);
  std::mt19937 rng{42};
  std::vector<int64_t> listed_after(5, -1);
  // Started at random moments; each one's latency runs from the moment its
  // runtime file appears to the moment projects_list names it.
  for (size_t i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(
      std::chrono::milliseconds{std::uniform_int_distribution<>{0, 400}(rng)});
    daemons[i] = std::make_unique<node_process>(
      daemon_args(dirs[i]), dirs[i].parent_path() / ("d" + std::to_string(i)),
      runtime());
    ASSERT_TRUE(hummel::test::wait_until(
      [&] { return runtime_file_of(dirs[i]).has_value(); }, 20s * slack));
    auto appeared = clock_type::now();
    ASSERT_TRUE(hummel::test::wait_until(
      [&] { return !project_entry("proj" + std::to_string(i)).empty(); },
      5s * slack));
    listed_after[i] = ms_since(appeared);
  }
  for (size_t i = 0; i < 5; ++i) {
    std::cout << "proj" << i << " listed " << listed_after[i]
              << " ms after its runtime file appeared\n";
    EXPECT_LE(listed_after[i], 200 * slack);
  }
  for (size_t i = 0; i < 5; ++i)
    EXPECT_TRUE(hummel::test::wait_until(
      [&] {
        auto p = project_entry("proj" + std::to_string(i));
        return p.value("state", "") == "linked" && p.value("running", 0) == 2;
      },
      10s * slack))
      << project_entry("proj" + std::to_string(i));

  // One call across every project.
  auto all = tool("scripts_status");
  ASSERT_FALSE(all.value("isError", false)) << all;
  std::set<std::string> nodes;
  for (const auto& p : all["structuredContent"]["processes"])
    nodes.insert(p.value("node", ""));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(nodes.count("proj" + std::to_string(i)), 1u) << all;
  // That answer is rendered once per cluster view version; asked with the
  // same fields spelled out, it is built for the call: the same processes.
  auto built
    = tool("scripts_status",
           {{"project", "*"},
            {"fields", {"name", "status", "pid", "exit_code", "node"}}});
  EXPECT_EQ(built["structuredContent"]["processes"],
            all["structuredContent"]["processes"]);
  EXPECT_EQ(tool("scripts_status")["structuredContent"]["processes"],
            all["structuredContent"]["processes"])
    << "read again from the render";

  // A command goes to the owning daemon; a control tool needs a project.
  auto stopped = tool("scripts_stop", {{"project", "proj2"}, {"name", "p1"}});
  EXPECT_FALSE(stopped.value("isError", false)) << stopped;
  EXPECT_EQ(stopped["structuredContent"].value("status", ""), "stopped")
    << stopped;
  auto own = cli(dirs[2], "ps --json");
  EXPECT_NE(own.find("stopped"), std::string::npos) << own;
  auto unnamed = tool("scripts_stop", {{"name", "p1"}});
  EXPECT_TRUE(unnamed.value("isError", false)) << unnamed;

  // kill -9: stale at once (the unix connection breaks), then forgotten and
  // its runtime file cleaned once the process has been gone 1.5 s.
  auto file0 = *runtime_file_of(dirs[0]);
  auto killed = clock_type::now();
  daemons[0]->stop(SIGKILL);
  ASSERT_TRUE(hummel::test::wait_until(
    [&] { return project_entry("proj0").value("state", "") == "stale"; },
    5s * slack));
  auto stale_ms = ms_since(killed);
  std::cout << "proj0 stale " << stale_ms << " ms after kill -9\n";
  EXPECT_LE(stale_ms, 500 * slack);
  ASSERT_TRUE(hummel::test::wait_until(
    [&] { return project_entry("proj0").empty(); }, 10s * slack));
  std::cout << "proj0 gone from projects_list " << ms_since(killed)
            << " ms after kill -9 (its file cleaned by the hub)\n";
  EXPECT_FALSE(fs::exists(file0));

  // A restarted daemon is linked again within 2 s of its new file.
  EXPECT_EQ(daemons[1]->terminate(), 0);
  EXPECT_TRUE(hummel::test::wait_until(
    [&] { return project_entry("proj1").empty(); }, 5s * slack));
  daemons[1] = std::make_unique<node_process>(
    daemon_args(dirs[1]), dirs[1].parent_path() / "d1b", runtime());
  ASSERT_TRUE(hummel::test::wait_until(
    [&] { return runtime_file_of(dirs[1]).has_value(); }, 20s * slack));
  auto again = clock_type::now();
  ASSERT_TRUE(hummel::test::wait_until(
    [&] { return project_entry("proj1").value("state", "") == "linked"; },
    5s * slack));
  auto relinked = ms_since(again);
  std::cout << "proj1 linked again " << relinked
            << " ms after its new runtime file\n";
  EXPECT_LE(relinked, 2000 * slack);
  EXPECT_EQ(hub->terminate(), 0) << hub->output();
}

TEST_F(hub_test, logs_and_reload_are_answered_by_the_projects_daemon) {
  ASSERT_NO_FATAL_FAILURE(start_hub());
  auto dir = root.path() / "talker";
  hummel::test::write_file(
    dir / "hummel.toml",
    "[processes.talk]\ncommand = \"echo hello-from-talker; sleep 300\"\n");
  node_process daemon{daemon_args(dir), root.path() / "t.out", runtime()};
  ASSERT_TRUE(hummel::test::wait_until(
    [&] { return project_entry("talker").value("running", 0) == 1; },
    20s * slack));
  json found;
  ASSERT_TRUE(hummel::test::wait_until(
    [&] {
      found
        = tool("logs_search", {{"project", "talker"}, {"query", "hello-from"}});
      return found.contains("structuredContent")
             && found["structuredContent"].dump().find("hello-from-talker")
                  != std::string::npos;
    },
    10s * slack))
    << found;
  auto lines = tool("logs_stream", {{"project", "talker"}, {"name", "talk"}});
  EXPECT_NE(lines.dump().find("hello-from-talker"), std::string::npos) << lines;
  auto unnamed = tool("logs_search", {{"query", "hello"}});
  EXPECT_TRUE(unnamed.value("isError", false)) << unnamed;
  auto follow = tool(
    "logs_stream", {{"project", "talker"}, {"name", "talk"}, {"follow", true}});
  EXPECT_TRUE(follow.value("isError", false)) << follow;
  auto unknown = tool("logs_search", {{"project", "nope"}, {"query", "x"}});
  EXPECT_TRUE(unknown.value("isError", false)) << unknown;
  // config_reload on the project's daemon: a process added to its file.
  hummel::test::write_file(
    dir / "hummel.toml",
    "[processes.talk]\ncommand = \"echo hello-from-talker; sleep 300\"\n"
    "[processes.more]\ncommand = \"sleep 300\"\n");
  auto reload = tool("config_reload", {{"project", "talker"}});
  EXPECT_FALSE(reload.value("isError", false)) << reload;
  EXPECT_TRUE(hummel::test::wait_until(
    [&] { return project_entry("talker").value("processes", 0) == 2; },
    10s * slack))
    << project_entry("talker");
  // An orderly stop ends `sh -c`'s `sleep 300` too (a SIGKILL of the
  // daemon, the node_process's end, left it running for 5 minutes).
  EXPECT_EQ(daemon.terminate(), 0) << daemon.output();
}

TEST_F(hub_test, another_uid_can_neither_list_nor_control) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "needs root (a second uid through setuid())";
  auto port = free_port();
  ASSERT_NO_FATAL_FAILURE(
    start_hub({"--http", "127.0.0.1:" + std::to_string(port)}));
  auto dir = project("mine", 1);
  node_process daemon{daemon_args(dir), root.path() / "d.out", runtime()};
  ASSERT_TRUE(hummel::test::wait_until(
    [&] { return project_entry("mine").value("state", "") == "linked"; },
    20s * slack));
  auto link = runtime_file_of(dir)->replace_extension(".link");
  // Open the folder and the sockets to everyone: the kernel would refuse
  // the stranger at the folder (0700); the peers must refuse on their own.
  for (const auto& d : {root.path(), runtime(), rt()})
    fs::permissions(d, fs::perms::owner_all | fs::perms::others_exec);
  fs::permissions(rt() / "hub.sock", fs::perms::all);
  fs::permissions(link, fs::perms::all);
  auto over_socket = [](const fs::path& p) {
    return hummel::test::as_uid_text(65534, [&] {
      socket_client c{p};
      if (!c.ok())
        return std::string{"refused"};
      c.send_line(
        R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"projects_list","arguments":{}}})");
      auto line = c.read_line(3s);
      return line ? *line : std::string{"closed"};
    });
  };
  auto via_hub = over_socket(rt() / "hub.sock");
  EXPECT_EQ(via_hub.find("mine"), std::string::npos) << via_hub;
  // The link's listener closes the connection before BASP says a word (an
  // accepted one would get the server's handshake at once).
  auto via_link = hummel::test::as_uid_text(65534, [&] {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, link.c_str(), sizeof(addr.sun_path) - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
      return std::string{"refused"};
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, 3000);
    char buf[256];
    auto n = ::recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
    ::close(fd);
    return n == 0 ? std::string{"eof"} : "got " + std::to_string(n);
  });
  EXPECT_EQ(via_link, "eof");
  auto http = hummel::test::as_uid(65534, [&] {
    return bin_test::http_request(
      port, "POST", "/mcp",
      {"Host: 127.0.0.1:" + std::to_string(port),
       "Content-Type: application/json",
       "Accept: application/json, text/event-stream",
       "MCP-Protocol-Version: 2025-06-18"},
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}}})");
  });
  EXPECT_EQ(http.status, 403) << http.body;
  EXPECT_EQ(project_entry("mine").value("running", 0), 1);
  EXPECT_NE(daemon.output().find("refused a link"), std::string::npos)
    << daemon.output();
}

} // namespace
