// The web dashboard on the real daemon's HTTP port: the page and its files
// at "/" (compiled in, strict headers), its event stream GET /events (the
// watch feed as SSE: the snapshot first, `id:` = view version, then a
// delta after `hummel stop`), and the protections it shares with /mcp:
// foreign Origin 403, cross-site form POSTs 403, the token (401 without it)
// and the owner rule (another uid 403).

#include "main/daemon/dashboard.hpp"

#include "tests/support/as_uid.hpp"
#include "tests/system/daemon_fixture.hpp"

namespace bin_test {
namespace {

constexpr const char* project_toml = R"(
[processes.web]
command = "sleep 300"

[processes.db]
command = "sleep 300"
)";

/// Requests to the daemon's HTTP port with a loopback Host.
class dashboard_base : public daemon_fixture {
protected:
  http_reply get(const std::string& target,
                 const std::vector<std::string>& extra = {},
                 std::chrono::milliseconds timeout = 10s) {
    std::vector<std::string> headers{"Host: 127.0.0.1:" + std::to_string(port)};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return http_request(port, "GET", target, headers, {}, timeout);
  }

  http_reply post(const std::string& body,
                  const std::vector<std::string>& extra) {
    std::vector<std::string> headers{"Host: 127.0.0.1:" + std::to_string(port),
                                     "Accept: application/json, "
                                     "text/event-stream"};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return http_request(port, "POST", "/mcp", headers, body);
  }

  /// A stateless scripts_stop call and its MCP headers.
  static std::string stop_call(const std::string& name) {
    json meta{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
              {"io.modelcontextprotocol/clientCapabilities", json::object()},
              {"io.modelcontextprotocol/clientInfo",
               {{"name", "test"}, {"version", "0"}}}};
    return request(1, "tools/call",
                   {{"name", "scripts_stop"},
                    {"arguments", {{"name", name}}},
                    {"_meta", meta}})
      .dump();
  }
  static std::vector<std::string> mcp_headers() {
    return {"MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call",
            "Mcp-Name: scripts_stop"};
  }
};

class dashboard : public dashboard_base {
protected:
  void SetUp() override {
    start_daemon(project_toml);
  }
};

/// The `id:` and data of each event of an SSE body.
std::vector<std::pair<std::string, json>> events_of(const std::string& body) {
  std::vector<std::pair<std::string, json>> out;
  std::istringstream in{body};
  std::string line;
  std::string id;
  while (std::getline(in, line)) {
    if (line.rfind("id: ", 0) == 0)
      id = line.substr(4);
    else if (line.rfind("data: ", 0) == 0)
      out.emplace_back(id, json::parse(line.substr(6), nullptr, false));
  }
  return out;
}

TEST_F(dashboard, page_and_files_are_served_with_strict_headers) {
  auto r = get("/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.headers.find("content-type: text/html"), std::string::npos);
  EXPECT_NE(r.headers.find("content-security-policy: default-src 'none'"),
            std::string::npos)
    << r.headers;
  EXPECT_NE(r.headers.find("x-frame-options: deny"), std::string::npos);
  EXPECT_NE(r.body.find("id=\"procs\" role=\"grid\""), std::string::npos);
  auto js = get("/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_NE(js.headers.find("content-type: text/javascript"),
            std::string::npos);
  EXPECT_NE(js.body.find("/events"), std::string::npos);
  EXPECT_EQ(get("/app.css").status, 200);
  EXPECT_EQ(get("/nothing-here").status, 404);
  EXPECT_EQ(http_request(port, "POST", "/",
                         {"Host: 127.0.0.1:" + std::to_string(port)}, "x")
              .status,
            405);
}

TEST_F(dashboard, events_start_with_the_snapshot_then_a_delta_after_stop) {
  auto first = get("/events", {}, 1500ms);
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.headers.find("content-type: text/event-stream"),
            std::string::npos);
  auto evs = events_of(first.body);
  ASSERT_FALSE(evs.empty()) << first.body;
  const auto& snap = evs[0].second["result"];
  ASSERT_TRUE(snap["version"].is_number_unsigned()) << first.body;
  EXPECT_EQ(evs[0].first, std::to_string(snap["version"].get<uint64_t>()));
  EXPECT_EQ(snap["processes"].size(), 2u);
  // A second stream sees the stop as a delta whose id is its `to`.
  std::thread stopper{[&] {
    std::this_thread::sleep_for(300ms);
    run_hummel(box, {"stop", "web", "--dir", box.project.string()});
  }};
  auto r = get("/events", {}, 4s);
  stopper.join();
  bool seen = false;
  for (const auto& [id, m] : events_of(r.body)) {
    if (m.value("method", "") != "notifications/hummel/delta")
      continue;
    EXPECT_EQ(id, std::to_string(m["params"]["to"].get<uint64_t>()));
    for (const auto& x : m["params"]["changed"])
      seen = seen || (x["name"] == "web" && x["status"] == "stopped");
  }
  EXPECT_TRUE(seen) << r.body;
}

TEST_F(dashboard, a_post_of_hummel_watch_streams_the_feed_as_sse) {
  json meta{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
            {"io.modelcontextprotocol/clientCapabilities", json::object()},
            {"io.modelcontextprotocol/clientInfo",
             {{"name", "test"}, {"version", "0"}}}};
  auto body = request(7, "hummel/watch", {{"_meta", meta}}).dump();
  auto r = http_request(port, "POST", "/mcp",
                        {"Host: 127.0.0.1:" + std::to_string(port),
                         "Content-Type: application/json",
                         "Accept: application/json, text/event-stream",
                         "MCP-Protocol-Version: 2026-07-28",
                         "Mcp-Method: hummel/watch"},
                        body, 1500ms);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.headers.find("content-type: text/event-stream"),
            std::string::npos);
  auto msgs = messages_of(r);
  ASSERT_FALSE(msgs.empty()) << r.body;
  EXPECT_EQ(msgs[0]["id"], 7);
  EXPECT_EQ(msgs[0]["result"]["processes"].size(), 2u) << msgs[0];
}

TEST_F(dashboard, foreign_origin_is_refused_on_events_page_and_actions) {
  EXPECT_EQ(get("/events", {"Origin: https://evil.example"}).status, 403);
  EXPECT_EQ(get("/", {"Origin: https://evil.example"}).status, 403);
  auto r = post(stop_call("web"), [] {
    auto h = mcp_headers();
    h.push_back("Origin: https://evil.example");
    h.push_back("Content-Type: application/json");
    return h;
  }());
  EXPECT_EQ(r.status, 403);
}

TEST_F(dashboard, cross_site_form_posts_are_refused) {
  for (std::string type : {"application/x-www-form-urlencoded",
                           "text/plain;charset=UTF-8", "multipart/form-data"})
    for (std::string origin : {"https://evil.example", "http://localhost:9"}) {
      auto r = post(stop_call("web"),
                    {"Content-Type: " + type, "Origin: " + origin});
      EXPECT_EQ(r.status, 403) << type << " from " << origin << ": " << r.body;
    }
  // web still runs; a JSON POST from the page's own origin is served
  auto ok = post(stop_call("db"), [&] {
    auto h = mcp_headers();
    h.push_back("Origin: http://127.0.0.1:" + std::to_string(port));
    h.push_back("Content-Type: application/json");
    return h;
  }());
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto ps = wait_status([](const json& s) {
    for (const auto& p : s["processes"])
      if (p["name"] == "db" && p["status"] != "stopped")
        return false;
    return true;
  });
  for (const auto& p : ps["processes"])
    EXPECT_EQ(p["status"], p["name"] == "web" ? "running" : "stopped") << p;
}

TEST_F(dashboard, another_uid_gets_403_on_events_and_actions) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "needs root (a second uid through setuid())";
  auto token = info["loopback_token"].get<std::string>();
  auto events = hummel::test::as_uid(65534, [&] { return get("/events"); });
  EXPECT_EQ(events.status, 403);
  auto page = hummel::test::as_uid(65534, [&] { return get("/"); });
  EXPECT_EQ(page.status, 200) << "the page holds no data";
  auto act = hummel::test::as_uid(65534, [&] {
    auto h = mcp_headers();
    h.push_back("Content-Type: application/json");
    return post(stop_call("web"), h);
  });
  EXPECT_EQ(act.status, 403);
  auto with = hummel::test::as_uid(65534, [&] {
    return get("/events", {"Authorization: Bearer " + token}, 1s);
  });
  EXPECT_EQ(with.status, 200);
}

/// A configured token: required from every client, the owner too.
class dashboard_token : public dashboard_base {
protected:
  void SetUp() override {
    start_daemon(std::string{"[mcp]\ntoken = \"tok-1234567890abcdef\"\n"}
                 + project_toml);
  }
};

TEST_F(dashboard_token, events_and_actions_need_the_token) {
  EXPECT_EQ(get("/events").status, 401);
  EXPECT_EQ(get("/events", {"Authorization: Bearer nope"}).status, 401);
  EXPECT_EQ(
    get("/events", {"Authorization: Bearer tok-1234567890abcdef"}, 1s).status,
    200);
  auto h = mcp_headers();
  h.push_back("Content-Type: application/json");
  EXPECT_EQ(post(stop_call("web"), h).status, 401);
  EXPECT_EQ(get("/").status, 200) << "the page holds no data";
}

TEST(dashboard_checks, browser_form_posts_are_recognised) {
  auto req = [](std::vector<std::pair<std::string, std::string>> h) {
    hummel::net::http_request r;
    r.method = "POST";
    r.headers = std::move(h);
    return r;
  };
  using hummel::is_browser_form_post;
  EXPECT_TRUE(is_browser_form_post(
    req({{"origin", "http://x"},
         {"content-type", "application/x-www-form-urlencoded"}})));
  EXPECT_TRUE(is_browser_form_post(
    req({{"origin", "http://x"}, {"content-type", "Text/Plain ; a=b"}})));
  EXPECT_TRUE(is_browser_form_post(req({{"origin", "http://x"}})));
  EXPECT_FALSE(is_browser_form_post(
    req({{"origin", "http://x"}, {"content-type", "application/json"}})));
  EXPECT_FALSE(is_browser_form_post(req({{"content-type", "text/plain"}})))
    << "no Origin: not a browser (curl -d, SDK clients)";
}

} // namespace
} // namespace bin_test
