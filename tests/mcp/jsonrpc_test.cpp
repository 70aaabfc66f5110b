// The JSON-RPC codec and every malformed-input path of the engine.

#include "mcp/jsonrpc.hpp"

#include <gtest/gtest.h>

#include "mcp_support.hpp"

#include <string>

using namespace mcp_test;
using hummel::mcp::output_kind;

namespace {

// The single final output of sending `text` to a fresh initialized session.
mcp::output only_output(harness& h, std::string_view text) {
  auto s = h.send(text);
  EXPECT_EQ(s.outs.size(), 1u) << text.substr(0, 80);
  return s.outs.empty() ? mcp::output{} : s.outs.front();
}

json error_of(const mcp::output& o) {
  auto j = json::parse(o.json);
  EXPECT_EQ(j["jsonrpc"], "2.0");
  EXPECT_TRUE(j.contains("error")) << o.json;
  return j;
}

} // namespace

TEST(jsonrpc, nesting_depth_ignores_strings) {
  EXPECT_EQ(hummel::mcp::nesting_depth(R"({"a":[1,{"b":2}]})", 64), 3u);
  EXPECT_EQ(hummel::mcp::nesting_depth(R"({"a":"[[[[[\"[[["})", 64), 1u);
  EXPECT_EQ(hummel::mcp::nesting_depth("", 64), 0u);
  EXPECT_EQ(hummel::mcp::nesting_depth(std::string(100, '['), 64), 65u);
}

TEST(jsonrpc, dump_replaces_invalid_utf8) {
  json j{{"text", std::string("ok \xff\xfe bad \xc3")}};
  auto text = hummel::mcp::dump(j);
  auto back = json::parse(text); // valid UTF-8 again
  EXPECT_EQ(back["text"], "ok \xEF\xBF\xBD\xEF\xBF\xBD bad \xEF\xBF\xBD");
}

TEST(jsonrpc, ids) {
  EXPECT_TRUE(hummel::mcp::is_valid_id(json(1)));
  EXPECT_TRUE(hummel::mcp::is_valid_id(json("x")));
  EXPECT_TRUE(hummel::mcp::is_valid_id(json(18446744073709551615ull)));
  EXPECT_FALSE(hummel::mcp::is_valid_id(json(1.5)));
  EXPECT_FALSE(hummel::mcp::is_valid_id(json(nullptr)));
  EXPECT_FALSE(hummel::mcp::is_valid_id(json(true)));
  EXPECT_FALSE(hummel::mcp::is_valid_id(json::array()));
}

TEST(jsonrpc, parse_error_has_null_id_and_400) {
  harness h;
  h.init();
  for (auto text : {"garbage", "{", R"({"jsonrpc":"2.0","id":1,"meth)", "",
                    "[1,2", "\"unterminated", "{\"a\":1}}", "nul"}) {
    auto o = only_output(h, text);
    EXPECT_EQ(o.kind, output_kind::response);
    EXPECT_EQ(o.http_status, 400);
    auto j = error_of(o);
    EXPECT_EQ(j["error"]["code"], -32700) << text;
    EXPECT_TRUE(j["id"].is_null());
  }
}

TEST(jsonrpc, invalid_utf8_in_input_is_a_parse_error) {
  harness h;
  auto o
    = only_output(h, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xffing\"}");
  EXPECT_EQ(error_of(o)["error"]["code"], -32700);
}

TEST(jsonrpc, invalid_requests_keep_a_readable_id) {
  harness h;
  h.init();
  struct kase {
    const char* text;
    json id;
  };
  kase cases[] = {
    {R"({"jsonrpc":"2.0","id":5,"method":7})", 5},
    {R"({"jsonrpc":"1.0","id":"a","method":"ping"})", "a"},
    {R"({"id":6,"method":"ping"})", 6},
    {R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", nullptr},
    {R"({"jsonrpc":"2.0","id":null,"method":"ping"})", nullptr},
    {R"({"jsonrpc":"2.0","id":true,"method":"ping"})", nullptr},
    {R"({"jsonrpc":"2.0","id":{"x":1},"method":"ping"})", nullptr},
    {R"({"jsonrpc":"2.0","id":8})", 8},
    {R"({"jsonrpc":"2.0","id":9,"result":{},"error":{}})", 9},
    {R"(42)", nullptr},
    {R"("ping")", nullptr},
    {R"(null)", nullptr},
  };
  for (const auto& c : cases) {
    auto o = only_output(h, c.text);
    EXPECT_EQ(o.http_status, 400) << c.text;
    auto j = error_of(o);
    EXPECT_EQ(j["error"]["code"], -32600) << c.text;
    EXPECT_EQ(j["id"], c.id) << c.text;
  }
}

TEST(jsonrpc, params_must_be_an_object) {
  harness h;
  h.init();
  auto j = h.rpc(json::parse(R"({"jsonrpc":"2.0","id":3,"method":"ping",
                                 "params":[1,2]})"));
  EXPECT_EQ(j["error"]["code"], -32602);
  EXPECT_EQ(j["id"], 3);
  j = h.rpc(json::parse(R"({"jsonrpc":"2.0","id":4,"method":"ping",
                            "params":"x"})"));
  EXPECT_EQ(j["error"]["code"], -32602);
  // null params count as absent
  j = h.rpc(json::parse(R"({"jsonrpc":"2.0","id":5,"method":"ping",
                            "params":null})"));
  EXPECT_EQ(j["result"], json::object());
}

TEST(jsonrpc, ids_are_echoed_exactly) {
  harness h;
  h.init();
  EXPECT_EQ(h.rpc(req("1", "ping"))["id"], "1");
  EXPECT_EQ(h.rpc(req(1, "ping"))["id"], 1);
  EXPECT_TRUE(h.rpc(req("1", "ping"))["id"].is_string());
  EXPECT_EQ(h.rpc(req(-7, "ping"))["id"], -7);
  auto big = h.rpc(req(18446744073709551615ull, "ping"));
  EXPECT_EQ(big["id"].get<uint64_t>(), 18446744073709551615ull);
}

TEST(jsonrpc, unknown_method_is_32601) {
  harness h;
  h.init();
  auto s = h.send(req(11, "no/such").dump());
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.last().http_status, 200); // legacy: errors on 200
  EXPECT_EQ(s.msg(0)["error"]["code"], -32601);
  EXPECT_EQ(s.msg(0)["id"], 11);
}

TEST(jsonrpc, notifications_and_client_responses_get_no_answer) {
  harness h;
  h.init();
  for (auto text :
       {R"({"jsonrpc":"2.0","method":"notifications/whatever"})",
        R"({"jsonrpc":"2.0","method":"notifications/cancelled"})",
        R"({"jsonrpc":"2.0","method":"notifications/cancelled",
            "params":{"requestId":12345}})",
        R"({"jsonrpc":"2.0","method":"no/such","params":[1]})",
        R"({"jsonrpc":"2.0","id":77,"result":{"x":1}})",
        R"({"jsonrpc":"2.0","id":78,"error":{"code":1,"message":"m"}})"}) {
    auto o = only_output(h, text);
    EXPECT_EQ(o.kind, output_kind::accepted) << text;
    EXPECT_EQ(o.http_status, 202);
    EXPECT_TRUE(o.json.empty());
  }
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
}

TEST(jsonrpc, huge_numbers_do_not_crash) {
  harness h;
  h.init();
  // Overflowing a double is a parse error in nlohmann (not an exception).
  auto o = only_output(h, R"({"jsonrpc":"2.0","id":1,"method":"ping",
                              "params":{"x":1e999999}})");
  EXPECT_EQ(error_of(o)["error"]["code"], -32700);
  // So does an integer beyond the double range.
  o = only_output(h, R"({"jsonrpc":"2.0","id":)" + std::string(400, '9')
                       + R"(,"method":"ping"})");
  EXPECT_EQ(error_of(o)["error"]["code"], -32700);
  // A 30-digit integer becomes a float id: invalid, id unreadable.
  std::string digits(30, '9');
  o = only_output(h, R"({"jsonrpc":"2.0","id":)" + digits
                       + R"(,"method":"ping"})");
  EXPECT_EQ(error_of(o)["error"]["code"], -32600);
  EXPECT_TRUE(json::parse(o.json)["id"].is_null());
  // Huge numbers as tool arguments are argument errors.
  for (auto limit :
       {digits, std::string("18446744073709551615"),
        std::string("-9223372036854775808"), std::string("1e308")}) {
    auto j = h.rpc(json::parse(
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call",
          "params":{"name":"logs_stream","arguments":{"limit":)"
      + limit + "}}}"));
    EXPECT_EQ(j["result"]["isError"], true) << limit;
  }
  EXPECT_EQ(h.be.calls.size(), 0u);
}

TEST(jsonrpc, deep_nesting_is_refused_before_parsing) {
  harness h;
  h.init();
  for (auto text : {std::string(100000, '['), std::string(100000, '{'),
                    std::string(50000, '[') + std::string(50000, ']'),
                    R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":)"
                      + std::string(70, '[') + std::string(70, ']') + "}}"}) {
    auto o = only_output(h, text);
    EXPECT_EQ(o.http_status, 400);
    EXPECT_EQ(error_of(o)["error"]["code"], -32600);
  }
  // 60 levels are fine.
  auto ok = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":)"
            + std::string(60, '[') + std::string(60, ']') + "}}";
  EXPECT_EQ(json::parse(only_output(h, ok).json)["result"], json::object());
}

TEST(jsonrpc, oversized_message_is_413) {
  harness h;
  h.init();
  auto big = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"s":")"
             + std::string(5 * 1024 * 1024, 'x') + "\"}}";
  auto o = only_output(h, big);
  EXPECT_EQ(o.http_status, 413);
  EXPECT_EQ(error_of(o)["error"]["code"], -32600);
  // A smaller limit is honoured too.
  auto cfg = config();
  cfg.max_message_bytes = 64;
  harness small{cfg};
  small.init();
  EXPECT_EQ(only_output(small, R"({"jsonrpc":"2.0","id":1,"method":"ping",
                                   "params":{"pad":"0123456789"}})")
              .http_status,
            413);
}

TEST(jsonrpc, batches_refused_outside_2025_03_26) {
  harness h;
  h.init("2025-11-25");
  auto o = only_output(h, R"([{"jsonrpc":"2.0","id":4,"method":"ping"}])");
  EXPECT_EQ(o.http_status, 400);
  auto j = error_of(o);
  EXPECT_EQ(j["error"]["code"], -32600);
  EXPECT_TRUE(j["id"].is_null());
  harness fresh; // no session at all
  EXPECT_EQ(
    error_of(only_output(
      fresh, R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])"))["error"]["code"],
    -32600);
}

TEST(jsonrpc, batches_in_2025_03_26_sessions) {
  harness h;
  EXPECT_EQ(h.init("2025-03-26")["result"]["protocolVersion"], "2025-03-26");
  auto o = only_output(h, R"([{"jsonrpc":"2.0","id":1,"method":"ping"},
    {"jsonrpc":"2.0","method":"notifications/initialized"},
    {"jsonrpc":"2.0","id":"b","method":"no/such"},
    {"jsonrpc":"2.0","id":2,"result":{}}, 7])");
  ASSERT_EQ(o.kind, output_kind::response);
  auto arr = json::parse(o.json);
  ASSERT_TRUE(arr.is_array());
  ASSERT_EQ(arr.size(), 3u);
  EXPECT_EQ(arr[0]["id"], 1);
  EXPECT_EQ(arr[0]["result"], json::object());
  EXPECT_EQ(arr[1]["error"]["code"], -32601);
  EXPECT_EQ(arr[2]["error"]["code"], -32600);
  // Only notifications: 202, no body.
  o = only_output(h, R"([{"jsonrpc":"2.0","method":"notifications/x"}])");
  EXPECT_EQ(o.kind, output_kind::accepted);
  // Empty batch.
  EXPECT_EQ(error_of(only_output(h, "[]"))["error"]["code"], -32600);
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
}

TEST(jsonrpc, batch_waits_for_async_members) {
  harness h;
  h.init("2025-03-26");
  h.be.results["scripts_list"]
    = {{"processes", json::array()}, {"view_version", 3}};
  sink s;
  auto text = "[" + tool_call(1, "scripts_stop", {{"name", "web"}}).dump() + ","
              + tool_call(2, "scripts_list", json::object()).dump() + "]";
  auto xid = h.eng.handle(text, s.fn());
  EXPECT_NE(xid, 0u);
  EXPECT_TRUE(s.outs.empty()); // scripts_stop still runs
  ASSERT_EQ(h.be.calls.size(), 2u);
  h.be.calls[0]->done({std::make_shared<json>(status_json("web")), {}});
  ASSERT_EQ(s.outs.size(), 1u);
  auto arr = s.msg(0);
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_EQ(arr[0]["id"], 2); // completion order
  EXPECT_EQ(arr[1]["id"], 1);
  // 2025-03-26 knows no structuredContent: the JSON is the text.
  EXPECT_FALSE(arr[1]["result"].contains("structuredContent"));
  EXPECT_EQ(
    json::parse(
      arr[1]["result"]["content"][0]["text"].get<std::string>())["name"],
    "web");
}

TEST(jsonrpc, random_garbage_never_throws_and_always_answers_validly) {
  harness h;
  h.init();
  std::string seed = R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                     R"("params":{"name":"scripts_status","arguments":{}}})";
  uint32_t state = 12345;
  for (int i = 0; i < 3000; ++i) {
    auto text = seed;
    for (int k = 0; k < 3; ++k) {
      state = state * 1103515245u + 12345u;
      auto pos = (state >> 8) % text.size();
      state = state * 1103515245u + 12345u;
      text[pos] = static_cast<char>(state >> 16);
    }
    sink s;
    EXPECT_NO_THROW(h.eng.handle(text, s.fn()));
    for (const auto& o : s.outs) {
      if (!o.json.empty()) {
        EXPECT_TRUE(json::accept(o.json)) << o.json;
      }
    }
    for (auto& c : h.be.calls)
      if (c->done)
        c->done({std::make_shared<json>(json::object()), {}});
    h.be.calls.clear();
  }
}
