// The stateless 2026-07-28 era: server/discover, _meta validation, HTTP
// header checks, version errors, removed methods, result decoration,
// subscriptions/listen.

#include <gtest/gtest.h>

#include "mcp_support.hpp"

using namespace mcp_test;
using hummel::mcp::output_kind;

namespace {

mcp::engine_config http_config() {
  return config(mcp::transport_kind::http);
}

void expect_server_info(const json& result) {
  auto info = result["_meta"]["io.modelcontextprotocol/serverInfo"];
  EXPECT_EQ(info["name"], "hummel");
  EXPECT_EQ(info["version"], hummel::mcp::server_version);
  EXPECT_EQ(result["resultType"], "complete");
}

} // namespace

TEST(modern, discover) {
  harness h;
  auto r = h.rpc(modern_req(1, "server/discover"));
  auto res = r["result"];
  EXPECT_EQ(res["supportedVersions"], json::array({"2026-07-28"}));
  EXPECT_TRUE(res["capabilities"]["tools"].is_object());
  EXPECT_TRUE(res["capabilities"]["prompts"].is_object());
  EXPECT_EQ(res["capabilities"]["resources"]["subscribe"], true);
  EXPECT_TRUE(res["instructions"].is_string());
  EXPECT_EQ(res["cacheScope"], "public");
  EXPECT_GE(res["ttlMs"].get<int64_t>(), 0);
  expect_server_info(res);
  EXPECT_FALSE(h.eng.initialized()); // stateless: no session
}

TEST(modern, works_alongside_a_legacy_session) {
  harness h;
  h.init();
  auto r = h.rpc(modern_req(1, "tools/list"));
  expect_server_info(r["result"]);
  EXPECT_EQ(r["result"]["tools"].size(), 11u);
  // the legacy session is untouched
  EXPECT_FALSE(h.rpc(req(2, "tools/list"))["result"].contains("resultType"));
}

TEST(modern, cacheable_results) {
  harness h;
  h.be.resources["hummel://processes"] = {"application/json", "{}"};
  for (auto m : {"tools/list", "resources/list", "resources/templates/list",
                 "prompts/list"}) {
    auto res = h.rpc(modern_req(1, m))["result"];
    EXPECT_EQ(res["cacheScope"], "public") << m;
    EXPECT_GT(res["ttlMs"].get<int64_t>(), 0) << m;
    expect_server_info(res);
  }
  auto res = h.rpc(
    modern_req(2, "resources/read", {{"uri", "hummel://processes"}}))["result"];
  EXPECT_EQ(res["ttlMs"], 0);
  EXPECT_EQ(res["cacheScope"], "private");
  // not cacheable: tool results
  h.be.results["scripts_list"]
    = {{"processes", json::array()}, {"view_version", 1}};
  res = h.rpc(modern_req(
    3, "tools/call",
    {{"name", "scripts_list"}, {"arguments", json::object()}}))["result"];
  expect_server_info(res);
  EXPECT_FALSE(res.contains("ttlMs"));
}

TEST(modern, missing_meta_fields) {
  for (bool http : {false, true}) {
    harness h{http ? http_config() : config()};
    mcp::http_headers hdr;
    hdr.protocol_version = "2026-07-28";
    hdr.method = "server/discover";
    auto* hp = http ? &hdr : nullptr;
    // no _meta at all, or no protocolVersion: not a modern request and no
    // session: -32602 / 400
    json no_version = modern_meta();
    no_version.erase("io.modelcontextprotocol/protocolVersion");
    for (auto params : {json::object(), json{{"_meta", no_version}}}) {
      auto s = h.send(req(101, "server/discover", params).dump(), hp);
      EXPECT_EQ(s.last().http_status, 400);
      EXPECT_EQ(s.msg(0)["error"]["code"], -32602);
      EXPECT_EQ(s.msg(0)["id"], 101);
    }
    // no clientCapabilities
    json no_caps = modern_meta();
    no_caps.erase("io.modelcontextprotocol/clientCapabilities");
    auto s
      = h.send(req(104, "server/discover", {{"_meta", no_caps}}).dump(), hp);
    EXPECT_EQ(s.last().http_status, 400);
    EXPECT_EQ(s.msg(0)["error"]["code"], -32602);
    EXPECT_EQ(s.msg(0)["id"], 104);
    // clientInfo is optional
    json no_info = modern_meta();
    no_info.erase("io.modelcontextprotocol/clientInfo");
    s = h.send(req(105, "server/discover", {{"_meta", no_info}}).dump(), hp);
    EXPECT_EQ(s.last().http_status, 200);
    EXPECT_TRUE(s.msg(0).contains("result"));
    // a bad logLevel
    json bad_level = modern_meta();
    bad_level["io.modelcontextprotocol/logLevel"] = "loud";
    s = h.send(req(106, "server/discover", {{"_meta", bad_level}}).dump(), hp);
    EXPECT_EQ(s.msg(0)["error"]["code"], -32602);
  }
}

TEST(modern, unsupported_version) {
  harness h;
  json meta = modern_meta("v999.0.0");
  auto s = h.send(req(301, "server/discover", {{"_meta", meta}}).dump());
  EXPECT_EQ(s.last().http_status, 400);
  auto e = s.msg(0)["error"];
  EXPECT_EQ(e["code"], -32022);
  EXPECT_EQ(e["data"]["supported"], json::array({"2026-07-28"}));
  EXPECT_EQ(e["data"]["requested"], "v999.0.0");
  EXPECT_EQ(s.msg(0)["id"], 301);
  // legacy versions are not modern versions
  meta = modern_meta("2025-11-25");
  EXPECT_EQ(h.rpc(req(302, "tools/list", {{"_meta", meta}}))["error"]["code"],
            -32022);
  meta["io.modelcontextprotocol/protocolVersion"] = 2026;
  EXPECT_EQ(h.rpc(req(303, "tools/list",
                      {{"_meta", meta}}))["error"]["data"]["requested"],
            "2026");
}

TEST(modern, removed_and_unknown_methods_are_404) {
  for (bool http : {false, true}) {
    harness h{http ? http_config() : config()};
    h.init(); // even inside a legacy session
    for (auto m :
         {"initialize", "ping", "logging/setLevel", "resources/subscribe",
          "resources/unsubscribe", "unknown/method"}) {
      auto msg = modern_req(500, m);
      auto hdr = headers_for(msg);
      auto s = h.send(msg.dump(), &hdr);
      ASSERT_EQ(s.outs.size(), 1u);
      EXPECT_EQ(s.last().http_status, 404) << m;
      EXPECT_EQ(s.msg(0)["error"]["code"], -32601) << m;
      EXPECT_EQ(s.msg(0)["id"], 500);
      EXPECT_FALSE(s.last().opens_session);
    }
  }
}

TEST(modern, header_validation) {
  harness h{http_config()};
  auto call = modern_req(
    7, "tools/call", {{"name", "scripts_list"}, {"arguments", json::object()}});
  h.be.results["scripts_list"]
    = {{"processes", json::array()}, {"view_version", 1}};
  auto good = headers_for(call);
  auto expect_mismatch = [&](const json& msg, const mcp::http_headers& hdr) {
    auto s = h.send(msg.dump(), &hdr);
    ASSERT_EQ(s.outs.size(), 1u);
    EXPECT_EQ(s.last().http_status, 400);
    EXPECT_EQ(s.msg(0)["error"]["code"], -32020) << s.last().json;
    EXPECT_EQ(s.msg(0)["id"], msg["id"]);
  };
  EXPECT_EQ(h.status(call, &good), 200);
  // nothing at all
  expect_mismatch(call, mcp::http_headers{});
  auto hdr = good;
  hdr.method = "prompts/list";
  expect_mismatch(call, hdr);
  hdr.method = "TOOLS/CALL"; // values are case-sensitive
  expect_mismatch(call, hdr);
  hdr = good;
  hdr.name.reset();
  expect_mismatch(call, hdr);
  hdr.name = "wrong_tool_name";
  expect_mismatch(call, hdr);
  hdr = good;
  hdr.protocol_version = "2025-11-25";
  expect_mismatch(call, hdr);
  hdr.protocol_version.reset();
  expect_mismatch(call, hdr);
  // body v999, header 2026-07-28: a mismatch, not an unsupported version
  auto odd = req(302, "server/discover", {{"_meta", modern_meta("v999.0.0")}});
  hdr = headers_for(odd);
  expect_mismatch(odd, hdr);
  // both v999: unsupported version
  hdr.protocol_version = "v999.0.0";
  auto s = h.send(odd.dump(), &hdr);
  EXPECT_EQ(s.msg(0)["error"]["code"], -32022);
  // whitespace around values is tolerated
  hdr = good;
  hdr.name = "  scripts_list\t";
  hdr.method = " tools/call ";
  hdr.protocol_version = " 2026-07-28";
  EXPECT_EQ(h.status(call, &hdr), 200);
  // base64 form of Mcp-Name (c2NyaXB0c19saXN0 = scripts_list)
  hdr = good;
  hdr.name = "=?base64?c2NyaXB0c19saXN0?=";
  EXPECT_EQ(h.status(call, &hdr), 200);
  hdr.name = "=?base64?!!!?=";
  expect_mismatch(call, hdr);
  // resources/read compares the uri; without a body name there is no check
  h.be.resources["hummel://processes"] = {"application/json", "{}"};
  auto read = modern_req(8, "resources/read", {{"uri", "hummel://processes"}});
  EXPECT_EQ(h.status(read, &(hdr = headers_for(read))), 200);
  hdr.name = "hummel://logs/x";
  expect_mismatch(read, hdr);
  auto list = modern_req(9, "tools/list");
  hdr = headers_for(list);
  EXPECT_FALSE(hdr.name.has_value());
  EXPECT_EQ(h.status(list, &hdr), 200);
  // stdio: headers are not checked
  harness plain;
  EXPECT_EQ(plain.rpc(modern_req(10, "tools/list"))["result"]["tools"].size(),
            11u);
}

TEST(modern, unknown_tool_and_prompt) {
  harness h;
  auto e = h.rpc(modern_req(1, "tools/call", {{"name", "nope"}}));
  EXPECT_EQ(e["error"]["code"], -32602);
  EXPECT_EQ(e["error"]["data"]["name"], "nope");
  EXPECT_EQ(
    h.rpc(modern_req(2, "prompts/get", {{"name", "x"}}))["error"]["code"],
    -32602);
  auto r = h.rpc(modern_req(3, "resources/read", {{"uri", "test://x"}}));
  EXPECT_EQ(r["error"]["code"], -32602);
  EXPECT_EQ(r["error"]["data"]["uri"], "test://x");
}

TEST(modern, listen_acknowledges_then_streams_updates) {
  harness h;
  sink s;
  auto t0 = mcp::engine_clock::time_point{};
  auto xid = h.eng.handle(
    modern_req(
      "listen:0", "subscriptions/listen",
      {{"notifications",
        {{"toolsListChanged", true},
         {"resourcesListChanged", true},
         {"resourceSubscriptions", json::array({"hummel://processes/web"})}}}})
      .dump(),
    s.fn());
  ASSERT_NE(xid, 0u);
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.last().kind, output_kind::notification);
  auto ack = s.msg(0);
  EXPECT_EQ(ack["method"], "notifications/subscriptions/acknowledged");
  EXPECT_EQ(ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
            "listen:0");
  // only what is honoured: no list_changed types
  EXPECT_EQ(ack["params"]["notifications"],
            json({{"resourceSubscriptions", {"hummel://processes/web"}}}));
  h.eng.processes_changed({"api"}, t0);
  EXPECT_EQ(s.outs.size(), 1u); // not subscribed
  h.eng.processes_changed({"web"}, t0);
  ASSERT_EQ(s.outs.size(), 2u);
  auto upd = s.msg(1);
  EXPECT_EQ(upd["method"], "notifications/resources/updated");
  EXPECT_EQ(upd["params"]["uri"], "hummel://processes/web");
  EXPECT_EQ(upd["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
            "listen:0");
  // shutdown ends the listen with a result
  h.eng.shutdown();
  ASSERT_EQ(s.outs.size(), 3u);
  EXPECT_EQ(s.last().kind, output_kind::response);
  auto res = s.msg(2)["result"];
  EXPECT_EQ(res["_meta"]["io.modelcontextprotocol/subscriptionId"], "listen:0");
  expect_server_info(res);
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
}

TEST(modern, listen_ends_by_close_or_cancel) {
  harness h;
  sink a;
  sink b;
  auto listen = [](json id) {
    return modern_req(std::move(id), "subscriptions/listen",
                      {{"notifications",
                        {{"resourceSubscriptions",
                          json::array({"hummel://processes"})}}}})
      .dump();
  };
  auto xa = h.eng.handle(listen(1), a.fn());
  h.eng.handle(listen(2), b.fn());
  EXPECT_EQ(h.eng.open_exchanges(), 2u);
  h.eng.close(xa); // HTTP: the stream closed
  h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
             "params":{"requestId":2}})");
  EXPECT_EQ(b.last().kind, output_kind::dropped);
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
  h.eng.processes_changed({}, mcp::engine_clock::time_point{});
  EXPECT_EQ(a.outs.size(), 1u); // just the ack
  EXPECT_EQ(b.outs.size(), 2u); // ack + dropped
}

TEST(modern, listen_params_are_checked) {
  harness h;
  EXPECT_EQ(h.rpc(modern_req(1, "subscriptions/listen"))["error"]["code"],
            -32602);
  EXPECT_EQ(
    h.rpc(modern_req(
      2, "subscriptions/listen",
      {{"notifications", {{"resourceSubscriptions", "x"}}}}))["error"]["code"],
    -32602);
  EXPECT_EQ(
    h.rpc(modern_req(
      3, "subscriptions/listen",
      {{"notifications", {{"resourceSubscriptions", {1}}}}}))["error"]["code"],
    -32602);
  // an empty filter is acknowledged as empty
  sink s;
  h.eng.handle(
    modern_req(4, "subscriptions/listen", {{"notifications", json::object()}})
      .dump(),
    s.fn());
  EXPECT_EQ(s.msg(0)["params"]["notifications"], json::object());
}

TEST(modern, completion) {
  harness h;
  auto r = h.rpc(modern_req(
    1, "completion/complete",
    {{"ref", {{"type", "ref/resource"}, {"uri", "hummel://processes/{name}"}}},
     {"argument", {{"name", "name"}, {"value", "w"}}}}));
  EXPECT_EQ(r["result"]["completion"]["values"],
            json::array({"web", "worker"}));
  EXPECT_EQ(r["result"]["resultType"], "complete");
}

TEST(modern, http_requests_are_not_cancelled_by_id) {
  harness h{config(mcp::transport_kind::http)};
  auto call
    = modern_req(1, "tools/call",
                 {{"name", "scripts_stop"}, {"arguments", {{"name", "web"}}}});
  auto hdr = headers_for(call);
  sink s;
  auto xid = h.eng.handle(call.dump(), s.fn(), &hdr);
  h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
             "params":{"requestId":1}})");
  EXPECT_FALSE(h.be.calls.at(0)->cancelled);
  EXPECT_TRUE(s.outs.empty());
  h.eng.close(xid); // the stream closed: that is the cancel
  EXPECT_TRUE(h.be.calls.at(0)->cancelled);
  // on stdio the notification cancels
  harness io;
  sink t;
  io.eng.handle(call.dump(), t.fn());
  io.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
              "params":{"requestId":1}})");
  EXPECT_TRUE(io.be.calls.at(0)->cancelled);
  EXPECT_EQ(t.last().kind, output_kind::dropped);
}
