// Bounded MCP sessions and lines through the real daemon (issue 11): HTTP
// sessions capped and expiring (finding 4), an over-long stdio line
// answered without ending the session (point 6).

#include "tests/system/daemon_fixture.hpp"

#include <sstream>

namespace {

using namespace bin_test;

class client_limits : public daemon_fixture {
protected:
  http_reply post(const json& body, const std::string& sid = {}) {
    std::vector<std::string> headers{
      "Host: 127.0.0.1:" + std::to_string(port),
      "Content-Type: application/json",
      "Accept: application/json, text/event-stream"};
    if (!sid.empty()) {
      headers.push_back("Mcp-Session-Id: " + sid);
      headers.push_back("MCP-Protocol-Version: 2025-06-18");
    }
    return http_request(port, "POST", "/mcp", headers, body.dump());
  }

  /// A new HTTP session's id.
  std::string open_session() {
    auto r = post(request(1, "initialize", init_params()));
    EXPECT_EQ(r.status, 200) << r.body;
    auto at = r.headers.find("\r\nmcp-session-id:");
    if (at == std::string::npos)
      at = r.headers.find("\r\nMcp-Session-Id:");
    if (at == std::string::npos)
      return {};
    auto start = r.headers.find(':', at) + 1;
    auto end = r.headers.find("\r\n", start);
    auto v = r.headers.substr(start, end - start);
    while (!v.empty() && v.front() == ' ')
      v.erase(0, 1);
    return v;
  }

  int ping(const std::string& sid) {
    return post(request(9, "ping"), sid).status;
  }
};

constexpr const char* base_toml = R"(
[processes.svc]
command = "sleep 300"
)";

} // namespace

// Finding 4: 30,000 `initialize` calls kept 30,000 sessions for ever. Now a
// new session beyond `max_sessions` ends the one idle longest.
TEST_F(client_limits, http_sessions_beyond_the_cap_end_the_longest_idle) {
  start_daemon(std::string{base_toml} + "[mcp]\nmax_sessions = 2\n");
  auto a = open_session();
  auto b = open_session();
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(ping(b), 200);
  EXPECT_EQ(ping(a), 200); // a is now used more recently than b
  auto c = open_session();
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(ping(b), 404); // evicted: idle longest
  EXPECT_EQ(ping(a), 200);
  EXPECT_EQ(ping(c), 200);
  for (int i = 0; i < 20; ++i)
    ASSERT_FALSE(open_session().empty());
  EXPECT_EQ(ping(a), 404);
}

TEST_F(client_limits, an_idle_http_session_expires) {
  start_daemon(std::string{base_toml}
               + "[mcp]\nsession_idle_timeout = \"1s\"\n");
  auto a = open_session();
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(ping(a), 200);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(ping(a), 200); // used: not idle for 1 s
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(ping(a), 404);
}

// Point 6: over stdio one 8 MiB line ended the session (HTTP answers 413 and
// carries on). Now it gets a JSON-RPC error and the session goes on.
TEST_F(client_limits, an_8_mib_stdio_line_is_answered_and_the_session_goes_on) {
  start_daemon(base_toml);
  std::string input
    = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{)"
      R"("protocolVersion":"2025-06-18","capabilities":{},)"
      R"("clientInfo":{"name":"t","version":"1"}}})"
      "\n"
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
      "\n"
      R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"pad":")"
      + std::string(8u << 20, 'x') + "\"}}\n"
      + R"({"jsonrpc":"2.0","id":3,"method":"ping"})" + "\n";
  auto r = run_hummel(box, {"mcp", "--dir", box.project.string()}, input, 30s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> lines;
  std::istringstream out{r.out};
  for (std::string line; std::getline(out, line);)
    lines.push_back(json::parse(line, nullptr, false));
  ASSERT_EQ(lines.size(), 3u) << r.out << r.err;
  // Answers may come in any order (JSON-RPC): the refusal of the long line
  // is written where the line is read, the others by the SESSION.
  auto with_id = [&](const json& id) {
    for (const auto& l : lines)
      if (l.is_object() && l.contains("id") && l["id"] == id)
        return l;
    return json{};
  };
  EXPECT_TRUE(with_id(1).contains("result")) << r.out;
  EXPECT_EQ(with_id(nullptr)["error"]["code"], -32600) << r.out;
  EXPECT_EQ(with_id(3)["result"], json::object()) << r.out;
}
