// The watch feed over the real daemon's unix socket: hummel/watch answers
// the full view (snapshot with its version), then a `hummel stop` made
// through the CLI arrives as notifications/hummel/delta on the same
// connection, with no version gap.

#include "tests/system/daemon_fixture.hpp"

namespace {

using namespace bin_test;

constexpr const char* project_toml = R"(
[processes.web]
command = "sleep 300"

[processes.worker]
command = "sleep 300"
)";

class watch_feed : public daemon_fixture {
protected:
  void SetUp() override {
    start_daemon(project_toml);
    wait_status([](const json& ps) {
      int running = 0;
      for (const auto& p : ps.value("processes", json::array()))
        running += p.value("status", "") == "running";
      return running == 2;
    });
  }
};

TEST_F(watch_feed, snapshot_then_a_delta_after_hummel_stop) {
  socket_client c{socket};
  ASSERT_TRUE(c.ok());
  c.call(request(1, "initialize", init_params()));
  c.send_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  auto snap = c.call(request(2, "hummel/watch"));
  ASSERT_TRUE(snap.contains("result")) << snap;
  const auto& r = snap["result"];
  ASSERT_TRUE(r["version"].is_number_unsigned());
  EXPECT_TRUE(r["node"].is_string());
  EXPECT_GT(r["time_ms"].get<int64_t>(), 0);
  ASSERT_EQ(r["processes"].size(), 2u) << r;
  for (const auto& p : r["processes"]) {
    EXPECT_EQ(p["status"], "running");
    EXPECT_TRUE(p.contains("rss_bytes"));
    EXPECT_TRUE(p.contains("error_count"));
  }
  uint64_t last = r["version"];
  auto stop = run_hummel(box, {"stop", "web", "--dir", box.project.string()});
  ASSERT_EQ(stop.exit_code, 0) << stop.err;
  // Deltas until web shows stopped; each follows the previous one.
  bool stopped = false;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!stopped && std::chrono::steady_clock::now() < deadline) {
    auto line = c.read_line(2s);
    if (!line)
      continue;
    auto m = json::parse(*line, nullptr, false);
    if (m.value("method", "") != "notifications/hummel/delta")
      continue;
    const auto& p = m["params"];
    EXPECT_EQ(p["from"].get<uint64_t>(), last) << m;
    last = p["to"];
    EXPECT_GT(p["time_ms"].get<int64_t>(), 0);
    for (const auto& x : p["changed"])
      if (x["name"] == "web" && x["status"] == "stopped")
        stopped = true;
  }
  EXPECT_TRUE(stopped) << "no delta showed web stopped";
  // unwatch: the feed ends, the connection still answers.
  auto u = c.call(request(3, "hummel/unwatch"));
  EXPECT_EQ(u["result"]["watches_ended"], 1) << u;
  auto ping = c.call(request(4, "ping"));
  EXPECT_TRUE(ping.contains("result")) << ping;
}

TEST_F(watch_feed, not_offered_as_a_tool) {
  auto tools = tools_by_name();
  ASSERT_FALSE(tools.empty());
  for (const auto& [name, t] : tools.items())
    EXPECT_EQ(name.find("watch"), std::string::npos) << name;
}

} // namespace
