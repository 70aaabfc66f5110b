// The daemon's MCP gateways through the real daemon binary: the unix socket
// (one JSON-RPC message a line) and Streamable HTTP on a loopback port.
// initialize, tools/list, a call whose result matches the tool's own
// outputSchema, malformed requests, and Origin/Host refusal.

#include "tests/system/daemon_fixture.hpp"
#include "tests/system/json_schema.hpp"

namespace {

using namespace bin_test;

constexpr const char* project_toml = R"(
[processes.svc]
command = "sleep 300"

[processes.printer]
command = "echo printed"
autostart = false
restart = "no"
)";

const std::vector<std::string> all_tools{
  "scripts_list",   "scripts_run",    "scripts_stop", "scripts_restart",
  "scripts_status", "logs_stream",    "logs_search",  "logs_errors",
  "logs_clear",     "cluster_status", "config_reload"};

class gateway : public daemon_fixture {
protected:
  void SetUp() override {
    start_daemon(project_toml);
  }

  /// POST /mcp with the headers a browser-less MCP client sends, plus
  /// `extra`.
  http_reply post(const json& body, const std::vector<std::string>& extra = {},
                  const std::string& host = {}) {
    return post_raw(body.dump(), extra, host);
  }
  http_reply post_raw(const std::string& body,
                      const std::vector<std::string>& extra = {},
                      const std::string& host = {}) {
    std::vector<std::string> headers{
      "Host: " + (host.empty() ? "127.0.0.1:" + std::to_string(port) : host),
      "Content-Type: application/json",
      "Accept: application/json, text/event-stream"};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return http_request(port, "POST", "/mcp", headers, body);
  }

  /// The single JSON-RPC message of a reply (null if not exactly one).
  static json only_message(const http_reply& r) {
    auto all = messages_of(r);
    return all.size() == 1 ? all[0] : json(nullptr);
  }

  static std::string header(const http_reply& r, const std::string& name) {
    auto at = r.headers.find("\r\n" + name + ":");
    if (at == std::string::npos)
      return {};
    auto start = at + name.size() + 3;
    auto end = r.headers.find("\r\n", start);
    auto v = r.headers.substr(start, end - start);
    while (!v.empty() && v.front() == ' ')
      v.erase(0, 1);
    return v;
  }
};

/// Every tool is listed with an input and an output schema.
void expect_all_tools(const json& list) {
  ASSERT_TRUE(list.is_array()) << list;
  std::vector<std::string> names;
  for (const auto& t : list) {
    names.push_back(t["name"]);
    EXPECT_TRUE(t["inputSchema"].is_object()) << t["name"];
    EXPECT_TRUE(t["outputSchema"].is_object()) << t["name"];
  }
  for (const auto& want : all_tools)
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end())
      << want << " is not listed";
}

const json& tool_named(const json& list, const std::string& name) {
  static const json none;
  for (const auto& t : list)
    if (t["name"] == name)
      return t;
  return none;
}

TEST_F(gateway, unix_socket_speaks_mcp_and_survives_malformed_lines) {
  socket_client c{socket};
  ASSERT_TRUE(c.ok());
  auto init = c.call(request(1, "initialize", init_params()));
  EXPECT_EQ(init["id"], 1);
  EXPECT_EQ(init["result"]["protocolVersion"], "2025-06-18") << init;
  EXPECT_EQ(init["result"]["serverInfo"]["name"], "hummel") << init;
  EXPECT_TRUE(init["result"]["capabilities"].contains("tools")) << init;
  ASSERT_TRUE(
    c.send_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
  auto list = c.call(request(2, "tools/list"));
  EXPECT_EQ(list["id"], 2);
  auto tools = list["result"]["tools"];
  expect_all_tools(tools);

  auto call = c.call(
    request(3, "tools/call",
            {{"name", "scripts_status"}, {"arguments", {{"name", "svc"}}}}));
  EXPECT_EQ(call["id"], 3);
  EXPECT_EQ(call["result"].value("isError", false), false) << call;
  auto& structured = call["result"]["structuredContent"];
  EXPECT_EQ(structured["processes"][0]["name"], "svc") << call;
  auto errors = schema_errors(
    tool_named(tools, "scripts_status")["outputSchema"], structured);
  EXPECT_TRUE(errors.empty()) << joined(errors) << structured.dump(2);

  // Not JSON: a parse error (id null), and the connection stays usable.
  ASSERT_TRUE(c.send_line("{this is not json"));
  auto parse_error = json::parse(c.read_line().value_or("null"));
  EXPECT_EQ(parse_error["error"]["code"], -32700) << parse_error;
  EXPECT_TRUE(parse_error["id"].is_null()) << parse_error;
  // JSON but no request: invalid request.
  auto invalid = c.call(json{{"jsonrpc", "2.0"}, {"id", 4}});
  EXPECT_EQ(invalid["error"]["code"], -32600) << invalid;
  // An unknown method, then an unknown tool.
  auto unknown = c.call(request(5, "no/such/method"));
  EXPECT_EQ(unknown["error"]["code"], -32601) << unknown;
  auto no_tool
    = c.call(request(6, "tools/call", {{"name", "nope"}, {"arguments", {}}}));
  EXPECT_TRUE(no_tool.contains("error")
              || no_tool["result"].value("isError", false))
    << no_tool;
  auto ping = c.call(request(7, "ping"));
  EXPECT_EQ(ping["id"], 7);
  EXPECT_EQ(ping["result"], json::object()) << ping;
}

TEST_F(gateway, http_speaks_mcp_with_a_session_and_refuses_malformed) {
  auto init = post(request(1, "initialize", init_params()));
  ASSERT_EQ(init.status, 200) << init.body;
  auto sid = header(init, "mcp-session-id");
  EXPECT_FALSE(sid.empty()) << init.headers;
  auto msg = only_message(init);
  EXPECT_EQ(msg["result"]["protocolVersion"], "2025-06-18") << init.body;
  EXPECT_EQ(msg["result"]["serverInfo"]["name"], "hummel");
  std::vector<std::string> session{"Mcp-Session-Id: " + sid,
                                   "MCP-Protocol-Version: 2025-06-18"};
  auto note = post(
    json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, session);
  EXPECT_EQ(note.status, 202) << note.body;

  auto list = post(request(2, "tools/list"), session);
  ASSERT_EQ(list.status, 200) << list.body;
  auto tools = only_message(list)["result"]["tools"];
  expect_all_tools(tools);
  // The same tools, with the same schemas, as over the socket.
  auto over_socket = tools_by_name();
  for (const auto& t : tools)
    EXPECT_EQ(t, over_socket[t["name"].get<std::string>()]) << t["name"];

  auto call = post(
    request(3, "tools/call", {{"name", "scripts_list"}, {"arguments", {}}}),
    session);
  ASSERT_EQ(call.status, 200) << call.body;
  auto result = only_message(call)["result"];
  EXPECT_EQ(result.value("isError", false), false) << call.body;
  auto errors = schema_errors(tool_named(tools, "scripts_list")["outputSchema"],
                              result["structuredContent"]);
  EXPECT_TRUE(errors.empty()) << joined(errors) << call.body;

  auto bad = post_raw("{this is not json", session);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(only_message(bad)["error"]["code"], -32700) << bad.body;
  auto stranger
    = post(request(4, "tools/list"), {"Mcp-Session-Id: no-such-session",
                                      "MCP-Protocol-Version: 2025-06-18"});
  EXPECT_EQ(stranger.status, 404) << stranger.body;
  auto get = http_request(port, "GET", "/mcp",
                          {"Host: 127.0.0.1:" + std::to_string(port)});
  EXPECT_EQ(get.status, 405) << get.body;
  auto elsewhere = http_request(port, "POST", "/other",
                                {"Host: 127.0.0.1:" + std::to_string(port),
                                 "Content-Type: application/json"},
                                request(5, "ping").dump());
  EXPECT_EQ(elsewhere.status, 404) << elsewhere.body;
}

// DNS rebinding: a page elsewhere must not reach the daemon, and a refused
// request has no effect (the process it asks to run stays idle).
TEST_F(gateway, http_refuses_foreign_origin_and_host_without_effect) {
  auto run
    = request(1, "tools/call",
              {{"name", "scripts_run"}, {"arguments", {{"name", "printer"}}}});
  auto evil_origin = post(run, {"Origin: http://evil.example.com",
                                "MCP-Protocol-Version: 2026-07-28"});
  EXPECT_EQ(evil_origin.status, 403) << evil_origin.body;
  auto evil_host = post(run, {"MCP-Protocol-Version: 2026-07-28"},
                        "evil.example.com:" + std::to_string(port));
  EXPECT_EQ(evil_host.status, 403) << evil_host.body;
  auto other_port
    = post(run, {"MCP-Protocol-Version: 2026-07-28"}, "127.0.0.1:1");
  EXPECT_EQ(other_port.status, 403) << other_port.body;
  auto ps = run_hummel(
    box, {"ps", "printer", "--json", "--dir", box.project.string()});
  ASSERT_EQ(ps.exit_code, 0) << ps.err;
  EXPECT_EQ(json::parse(ps.out)["processes"][0]["status"], "idle") << ps.out;
  EXPECT_EQ(json::parse(ps.out)["processes"][0]["run_id"], 0) << ps.out;

  // A loopback origin on the right host is served.
  auto ok = post(request(2, "initialize", init_params()),
                 {"Origin: http://localhost:3000"});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

} // namespace

// Sessionless (2026-07-28) reads are answered by the gateway's read path on
// the io thread; commands and reads of another node still go to a SESSION.
// Both give the answers of the protocol, through the real daemon.
TEST_F(gateway, stateless_reads_and_commands_both_answer) {
  auto modern = [](int id, const std::string& method, json params) {
    params["_meta"]
      = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
         {"io.modelcontextprotocol/clientCapabilities", json::object()}};
    return request(id, method, std::move(params));
  };
  auto headers = [](const std::string& method, const std::string& name) {
    std::vector<std::string> h{"MCP-Protocol-Version: 2026-07-28",
                               "Mcp-Method: " + method};
    if (!name.empty())
      h.push_back("Mcp-Name: " + name);
    return h;
  };
  auto tool = [&](int id, const std::string& name, json args) {
    return post(modern(id, "tools/call",
                       {{"name", name}, {"arguments", std::move(args)}}),
                headers("tools/call", name));
  };
  // Twice the unfiltered list (the second copies the render of the first).
  for (int id : {1, 2}) {
    auto all = tool(id, "scripts_status", json::object());
    ASSERT_EQ(all.status, 200) << all.body;
    auto r = only_message(all);
    EXPECT_EQ(r["id"], id);
    const auto& s = r["result"]["structuredContent"];
    ASSERT_EQ(s["processes"].size(), 2u) << all.body;
    EXPECT_TRUE(s["processes"][0]["name"] == "svc"
                || s["processes"][1]["name"] == "svc")
      << all.body;
    EXPECT_EQ(r["result"]["resultType"], "complete");
  }
  auto one = only_message(tool(3, "scripts_status", {{"name", "svc"}}));
  EXPECT_TRUE(
    one["result"]["structuredContent"]["processes"][0].contains("uptime_ms"))
    << one;
  auto bad = only_message(tool(4, "scripts_status", {{"nmae", "svc"}}));
  EXPECT_EQ(bad["result"]["isError"], true) << bad;
  auto read = post(modern(5, "resources/read", {{"uri", "hummel://processes"}}),
                   headers("resources/read", "hummel://processes"));
  ASSERT_EQ(read.status, 200) << read.body;
  auto ping = post(modern(6, "ping", json::object()), headers("ping", ""));
  // 2026-07-28 has no ping: the 404 a SESSION's engine gives as well.
  EXPECT_EQ(ping.status, 404) << ping.body;
  EXPECT_EQ(only_message(ping)["error"]["code"], -32601) << ping.body;
  // A body that contradicts its headers: refused, nothing runs.
  auto sneaky = post(
    modern(7, "tools/call",
           {{"name", "scripts_run"}, {"arguments", {{"name", "printer"}}}}),
    headers("tools/call", "scripts_status"));
  EXPECT_EQ(sneaky.status, 400) << sneaky.body;
  // Another node: a SESSION answers (this daemon has no such peer).
  auto far = only_message(tool(8, "scripts_status", {{"node", "elsewhere"}}));
  EXPECT_EQ(far["result"]["isError"], true) << far;
  // A command: a SESSION runs it.
  auto run = only_message(tool(9, "scripts_run", {{"name", "printer"}}));
  EXPECT_NE(run["result"].value("isError", false), true) << run;
}
