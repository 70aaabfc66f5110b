// The handshake era: initialize and version negotiation, ping, capabilities,
// logging/setLevel, resources, prompts, completion, tools/list.

#include <gtest/gtest.h>

#include "mcp_support.hpp"

using namespace mcp_test;
using hummel::mcp::output_kind;

TEST(legacy, initialize_echoes_supported_versions) {
  for (auto v : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    harness h;
    auto s = h.send(req(1, "initialize",
                        {{"protocolVersion", v},
                         {"capabilities", json::object()},
                         {"clientInfo", {{"name", "c"}, {"version", "1"}}}})
                      .dump());
    ASSERT_EQ(s.outs.size(), 1u);
    EXPECT_TRUE(s.last().opens_session);
    EXPECT_EQ(s.last().http_status, 200);
    auto r = s.msg(0)["result"];
    EXPECT_EQ(r["protocolVersion"], v);
    EXPECT_EQ(r["serverInfo"]["name"], "hummel");
    EXPECT_EQ(r["serverInfo"]["version"], hummel::mcp::server_version);
    EXPECT_TRUE(r["instructions"].is_string());
    EXPECT_FALSE(r.contains("resultType")); // legacy results stay plain
    EXPECT_TRUE(h.eng.initialized());
    EXPECT_EQ(h.eng.negotiated_version(), v);
  }
}

TEST(legacy, initialize_answers_latest_for_unknown_versions) {
  for (auto v : {"2099-01-01", "2026-07-28", "2024-10-07", "banana"}) {
    harness h;
    EXPECT_EQ(h.init(v)["result"]["protocolVersion"], "2025-11-25") << v;
  }
}

TEST(legacy, initialize_errors) {
  harness h;
  auto j = h.rpc(req(1, "initialize", {{"capabilities", json::object()}}));
  EXPECT_EQ(j["error"]["code"], -32602);
  EXPECT_FALSE(h.eng.initialized());
  j = h.rpc(req(2, "initialize", {{"protocolVersion", 20251125}}));
  EXPECT_EQ(j["error"]["code"], -32602);
  h.init();
  auto s
    = h.send(req(3, "initialize", {{"protocolVersion", "2025-11-25"}}).dump());
  EXPECT_EQ(s.msg(0)["error"]["code"], -32600);
  EXPECT_FALSE(s.last().opens_session);
}

TEST(legacy, capabilities) {
  harness h;
  auto caps = h.init()["result"]["capabilities"];
  EXPECT_EQ(caps["tools"]["listChanged"], false);
  EXPECT_EQ(caps["resources"]["subscribe"], true);
  EXPECT_EQ(caps["resources"]["listChanged"], true);
  EXPECT_TRUE(caps["logging"].is_object());
  EXPECT_TRUE(caps["prompts"].is_object());
  EXPECT_TRUE(caps["completions"].is_object());
}

TEST(legacy, requests_before_initialize) {
  harness h;
  // ping is allowed before the handshake
  EXPECT_EQ(h.rpc(req(1, "ping"))["result"], json::object());
  auto s = h.send(req(2, "tools/list").dump());
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.last().http_status, 400);
  EXPECT_EQ(s.msg(0)["error"]["code"], -32602);
  EXPECT_EQ(s.msg(0)["id"], 2);
}

TEST(legacy, ping_and_initialized) {
  harness h;
  h.init();
  EXPECT_EQ(h.rpc(req("p", "ping"))["result"], json::object());
  auto s = h.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  EXPECT_EQ(s.last().kind, output_kind::accepted);
}

TEST(legacy, modern_only_methods_need_meta) {
  harness h;
  h.init();
  EXPECT_EQ(h.rpc(req(1, "server/discover"))["error"]["code"], -32601);
  EXPECT_EQ(h.rpc(req(2, "subscriptions/listen"))["error"]["code"], -32601);
}

TEST(legacy, set_level) {
  harness h;
  h.init();
  EXPECT_EQ(h.rpc(req(1, "logging/setLevel", {{"level", "warning"}}))["result"],
            json::object());
  for (auto bad : {json("loud"), json(3), json(nullptr)})
    EXPECT_EQ(
      h.rpc(req(2, "logging/setLevel", {{"level", bad}}))["error"]["code"],
      -32602);
  EXPECT_EQ(h.rpc(req(3, "logging/setLevel"))["error"]["code"], -32602);
}

TEST(legacy, tools_list) {
  harness h;
  h.init();
  auto tools = h.rpc(req(1, "tools/list"))["result"]["tools"];
  std::vector<std::string> names;
  for (const auto& t : tools) {
    names.push_back(t["name"]);
    EXPECT_EQ(t["inputSchema"]["type"], "object");
    EXPECT_EQ(t["outputSchema"]["type"], "object");
    EXPECT_TRUE(t["annotations"].contains("readOnlyHint"));
    EXPECT_TRUE(t["description"].is_string());
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{
              "scripts_list", "scripts_run", "scripts_stop", "scripts_restart",
              "scripts_status", "logs_stream", "logs_search", "logs_errors",
              "logs_clear", "cluster_status", "config_reload"}));
  EXPECT_FALSE(h.rpc(req(2, "tools/list"))["result"].contains("nextCursor"));
  EXPECT_EQ(h.rpc(req(3, "tools/list", {{"cursor", "x"}}))["error"]["code"],
            -32602);
}

TEST(legacy, resources_list_and_templates) {
  harness h;
  h.init();
  auto list = h.rpc(req(1, "resources/list"))["result"]["resources"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["uri"], "hummel://processes");
  EXPECT_EQ(list[0]["mimeType"], "application/json");
  EXPECT_EQ(list[1]["uri"], "hummel://errors");
  auto t
    = h.rpc(req(2, "resources/templates/list"))["result"]["resourceTemplates"];
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0]["uriTemplate"], "hummel://processes/{name}");
  EXPECT_EQ(t[1]["uriTemplate"], "hummel://logs/{name}");
  EXPECT_EQ(t[2]["uriTemplate"], "hummel://errors/{name}");
}

TEST(legacy, resources_read) {
  harness h;
  h.init();
  h.be.resources["hummel://processes"] = {"application/json", R"({"a":1})"};
  h.be.resources["hummel://logs/web"]
    = {"application/json", std::string("bad \xff utf8")};
  auto r = h.rpc(req(1, "resources/read", {{"uri", "hummel://processes"}}));
  ASSERT_EQ(r["result"]["contents"].size(), 1u);
  EXPECT_EQ(r["result"]["contents"][0]["uri"], "hummel://processes");
  EXPECT_EQ(r["result"]["contents"][0]["mimeType"], "application/json");
  EXPECT_EQ(r["result"]["contents"][0]["text"], R"({"a":1})");
  // invalid UTF-8 from the backend still serializes
  r = h.rpc(req(2, "resources/read", {{"uri", "hummel://logs/web"}}));
  EXPECT_EQ(r["result"]["contents"][0]["text"], "bad \xEF\xBF\xBD utf8");
  // unknown: -32602 with data.uri, never empty contents
  for (auto uri : {"hummel://processes/nope", "file:///etc/passwd",
                   "hummel://logs/", "test://static-text"}) {
    auto e = h.rpc(req(3, "resources/read", {{"uri", uri}}));
    EXPECT_EQ(e["error"]["code"], -32602) << uri;
    EXPECT_EQ(e["error"]["data"]["uri"], uri);
    EXPECT_FALSE(e.contains("result"));
  }
  EXPECT_EQ(h.rpc(req(4, "resources/read"))["error"]["code"], -32602);
  EXPECT_EQ(h.rpc(req(5, "resources/read", {{"uri", 5}}))["error"]["code"],
            -32602);
}

TEST(legacy, subscribe_and_unsubscribe) {
  harness h;
  h.init();
  EXPECT_EQ(h.rpc(req(1, "resources/subscribe",
                      {{"uri", "hummel://processes/web"}}))["result"],
            json::object());
  // any URI is accepted (the conformance fixture subscribes to test://…)
  EXPECT_EQ(h.rpc(req(2, "resources/subscribe",
                      {{"uri", "test://watched-resource"}}))["result"],
            json::object());
  EXPECT_EQ(h.rpc(req(3, "resources/unsubscribe",
                      {{"uri", "hummel://processes/web"}}))["result"],
            json::object());
  EXPECT_EQ(h.rpc(req(4, "resources/subscribe"))["error"]["code"], -32602);
  EXPECT_EQ(
    h.rpc(req(5, "resources/subscribe", {{"uri", ""}}))["error"]["code"],
    -32602);
}

TEST(legacy, prompts) {
  harness h;
  h.init();
  EXPECT_EQ(h.rpc(req(1, "prompts/list"))["result"]["prompts"], json::array());
  EXPECT_EQ(h.rpc(req(2, "prompts/get", {{"name", "x"}}))["error"]["code"],
            -32602);
}

TEST(legacy, completion) {
  harness h;
  h.init();
  h.be.names = {"worker", "web", "api", "webpack"};
  auto r = h.rpc(
    req(1, "completion/complete",
        {{"ref", {{"type", "ref/resource"}, {"uri", "hummel://logs/{name}"}}},
         {"argument", {{"name", "name"}, {"value", "we"}}}}));
  EXPECT_EQ(r["result"]["completion"]["values"],
            json::array({"web", "webpack"}));
  EXPECT_EQ(r["result"]["completion"]["total"], 2);
  EXPECT_EQ(r["result"]["completion"]["hasMore"], false);
  // unknown templates complete to nothing
  r = h.rpc(req(2, "completion/complete",
                {{"ref", {{"type", "ref/resource"}, {"uri", "x://{y}"}}},
                 {"argument", {{"name", "y"}, {"value", ""}}}}));
  EXPECT_EQ(r["result"]["completion"]["values"], json::array());
  // prompts do not exist; malformed params
  EXPECT_EQ(
    h.rpc(req(3, "completion/complete",
              {{"ref", {{"type", "ref/prompt"}, {"name", "p"}}},
               {"argument", {{"name", "a"}, {"value", ""}}}}))["error"]["code"],
    -32602);
  EXPECT_EQ(h.rpc(req(4, "completion/complete", {{"ref", 1}}))["error"]["code"],
            -32602);
  // values with a wrong type do not throw
  EXPECT_EQ(
    h.rpc(req(
      5, "completion/complete",
      {{"ref",
        {{"type", "ref/resource"}, {"uri", "hummel://processes/{name}"}}},
       {"argument",
        {{"name", "name"}, {"value", 5}}}}))["result"]["completion"]["total"],
    4);
}

TEST(legacy, unsupported_protocol_header_on_http) {
  harness h{config(mcp::transport_kind::http)};
  h.init();
  mcp::http_headers hdr;
  hdr.protocol_version = "2025-11-25";
  EXPECT_EQ(h.status(req(1, "ping"), &hdr), 200);
  hdr.protocol_version = " 2025-06-18 ";
  EXPECT_EQ(h.status(req(2, "ping"), &hdr), 200);
  hdr.protocol_version = "1999-01-01";
  auto s = h.send(req(3, "ping").dump(), &hdr);
  EXPECT_EQ(s.last().http_status, 400);
  EXPECT_EQ(s.msg(0)["error"]["code"], -32600);
  // no header at all: fine (2025-03-26 clients send none)
  EXPECT_EQ(h.status(req(4, "ping")), 200);
}
