// Asynchronous tool calls: later completion, progress, follow lines as log
// messages, cancellation (notification and transport close), shutdown,
// callbacks after the engine is gone.

#include <gtest/gtest.h>

#include "mcp_support.hpp"

using namespace mcp_test;
using hummel::mcp::output_kind;

namespace {

json follow_call(json id, json meta = nullptr) {
  json params{{"name", "logs_stream"},
              {"arguments", {{"name", "web"}, {"follow", true}}}};
  if (!meta.is_null())
    params["_meta"] = std::move(meta);
  return req(std::move(id), "tools/call", std::move(params));
}

json lines_result() {
  return {{"lines", json::array({line_json(1, "a")})}, {"next_seq", 1}};
}

void complete(fake_backend::call& c, json value) {
  c.done({std::make_shared<json>(std::move(value)), {}});
}

} // namespace

TEST(calls, complete_later) {
  harness h;
  h.init();
  sink s;
  auto xid = h.eng.handle(
    tool_call(5, "scripts_stop", {{"name", "web"}}).dump(), s.fn());
  EXPECT_NE(xid, 0u);
  EXPECT_TRUE(s.outs.empty());
  EXPECT_EQ(h.eng.open_exchanges(), 1u);
  ASSERT_EQ(h.be.calls.size(), 1u);
  EXPECT_EQ(h.be.calls[0]->name, "scripts_stop");
  complete(*h.be.calls[0], status_json("web"));
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.last().kind, output_kind::response);
  EXPECT_EQ(s.msg(0)["id"], 5);
  EXPECT_EQ(s.msg(0)["result"]["structuredContent"]["name"], "web");
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
  // a second completion is ignored
  complete(*h.be.calls[0], status_json("web"));
  EXPECT_EQ(s.outs.size(), 1u);
}

TEST(calls, progress_notifications_with_a_token) {
  harness h;
  h.init();
  sink s;
  h.eng.handle(follow_call(1, {{"progressToken", "tok"}}).dump(), s.fn());
  auto& c = *h.be.calls.at(0);
  c.progress(1, line_json(1, "first"));
  c.progress(1, line_json(2, "second")); // not increasing: bumped
  c.progress(7, line_json(3, "third"));
  ASSERT_EQ(s.outs.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(s.outs[i].kind, output_kind::notification);
    auto n = s.msg(i);
    EXPECT_EQ(n["method"], "notifications/progress");
    EXPECT_EQ(n["params"]["progressToken"], "tok");
    EXPECT_FALSE(n.contains("id"));
  }
  EXPECT_EQ(s.msg(0)["params"]["progress"], 1);
  EXPECT_EQ(s.msg(1)["params"]["progress"], 2);
  EXPECT_EQ(s.msg(2)["params"]["progress"], 7);
  EXPECT_EQ(s.msg(0)["params"]["message"], "web: first");
  EXPECT_EQ(s.msg(0)["params"]["_meta"]["hummel/line"]["seq"], 1);
  complete(c, lines_result());
  EXPECT_EQ(s.last().kind, output_kind::response);
  // after completion, progress is dropped
  c.progress(8, line_json(4, "late"));
  EXPECT_EQ(s.outs.size(), 4u);
}

TEST(calls, integer_progress_token_and_invalid_tokens) {
  harness h;
  h.init();
  sink s;
  h.eng.handle(follow_call(1, {{"progressToken", 42}}).dump(), s.fn());
  h.be.calls.at(0)->progress(1, json("plain item"));
  EXPECT_EQ(s.msg(0)["params"]["progressToken"], 42);
  EXPECT_EQ(s.msg(0)["params"]["message"], "plain item");
  sink t; // a float token is ignored: lines go out as log messages
  h.eng.handle(follow_call(2, {{"progressToken", 1.5}}).dump(), t.fn());
  h.be.calls.at(1)->progress(1, line_json(1, "x"));
  EXPECT_EQ(t.msg(0)["method"], "notifications/message");
}

TEST(calls, legacy_follow_lines_as_log_messages_filtered_by_level) {
  harness h;
  h.init();
  sink s;
  h.eng.handle(follow_call(1).dump(), s.fn());
  auto& c = *h.be.calls.at(0);
  c.progress(1, line_json(1, "out"));
  c.progress(2, line_json(2, "err", "stderr"));
  ASSERT_EQ(s.outs.size(), 2u);
  EXPECT_EQ(s.msg(0)["method"], "notifications/message");
  EXPECT_EQ(s.msg(0)["params"]["level"], "info");
  EXPECT_EQ(s.msg(0)["params"]["logger"], "hummel/web");
  EXPECT_EQ(s.msg(0)["params"]["data"]["text"], "out");
  EXPECT_EQ(s.msg(1)["params"]["level"], "warning");
  // the session level applies to running calls too
  h.rpc(req(9, "logging/setLevel", {{"level", "warning"}}));
  c.progress(3, line_json(3, "out2"));
  c.progress(4, line_json(4, "err2", "stderr"));
  ASSERT_EQ(s.outs.size(), 3u);
  EXPECT_EQ(s.msg(2)["params"]["data"]["text"], "err2");
  h.rpc(req(10, "logging/setLevel", {{"level", "emergency"}}));
  c.progress(5, line_json(5, "err3", "stderr"));
  EXPECT_EQ(s.outs.size(), 3u);
}

TEST(calls, modern_log_messages_only_with_log_level) {
  harness h;
  sink quiet;
  auto meta = modern_meta();
  h.eng.handle(follow_call(1, meta).dump(), quiet.fn());
  h.be.calls.at(0)->progress(1, line_json(1, "x", "stderr"));
  EXPECT_TRUE(quiet.outs.empty()); // no logLevel: no notifications/message
  sink loud;
  meta["io.modelcontextprotocol/logLevel"] = "debug";
  h.eng.handle(follow_call(2, meta).dump(), loud.fn());
  h.be.calls.at(1)->progress(1, line_json(1, "x"));
  ASSERT_EQ(loud.outs.size(), 1u);
  EXPECT_EQ(loud.msg(0)["method"], "notifications/message");
  complete(*h.be.calls.at(1), lines_result());
  auto res = loud.msg(1)["result"];
  EXPECT_EQ(res["resultType"], "complete");
  EXPECT_TRUE(res["_meta"].contains("io.modelcontextprotocol/serverInfo"));
}

TEST(calls, cancelled_notification_cancels_and_sends_nothing) {
  harness h;
  h.init();
  sink s;
  h.eng.handle(follow_call("abc").dump(), s.fn());
  auto c = h.be.calls.at(0);
  // a different id type does not match
  h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
             "params":{"requestId":123}})");
  EXPECT_FALSE(c->cancelled);
  auto n = h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
                      "params":{"requestId":"abc","reason":"user"}})");
  EXPECT_EQ(n.last().kind, output_kind::accepted);
  EXPECT_TRUE(c->cancelled);
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.last().kind, output_kind::dropped);
  EXPECT_TRUE(s.last().json.empty());
  // late completion and progress go nowhere
  c->progress(1, line_json(1, "late"));
  complete(*c, lines_result());
  EXPECT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
}

TEST(calls, numeric_ids_cancel_across_integer_kinds) {
  harness h;
  h.init();
  sink s;
  h.eng.handle(follow_call(7).dump(), s.fn());
  h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
             "params":{"requestId":"7"}})");
  EXPECT_FALSE(h.be.calls.at(0)->cancelled); // "7" is not 7
  h.send(R"({"jsonrpc":"2.0","method":"notifications/cancelled",
             "params":{"requestId":7}})");
  EXPECT_TRUE(h.be.calls.at(0)->cancelled);
}

TEST(calls, close_cancels_silently) {
  harness h;
  h.init();
  sink s;
  auto xid = h.eng.handle(follow_call(1).dump(), s.fn());
  h.eng.close(xid);
  EXPECT_TRUE(h.be.calls.at(0)->cancelled);
  EXPECT_TRUE(s.outs.empty());
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
  h.eng.close(xid); // twice: harmless
  h.eng.close(999); // unknown: harmless
}

TEST(calls, synchronous_completion_returns_zero) {
  harness h;
  h.init();
  h.be.results["scripts_list"]
    = {{"processes", json::array()}, {"view_version", 1}};
  sink s;
  EXPECT_EQ(
    h.eng.handle(tool_call(1, "scripts_list", json::object()).dump(), s.fn()),
    0u);
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.msg(0)["result"]["structuredContent"]["view_version"], 1);
}

TEST(calls, output_callback_may_close_reentrantly) {
  harness h;
  h.init();
  mcp::exchange_id xid = 0;
  std::vector<mcp::output> seen;
  xid = h.eng.handle(follow_call(1, {{"progressToken", 1}}).dump(),
                     [&](mcp::output o) {
                       seen.push_back(o);
                       h.eng.close(xid); // the client went away
                     });
  auto c = h.be.calls.at(0);
  c->progress(1, line_json(1, "a"));
  c->progress(2, line_json(2, "b"));
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_TRUE(c->cancelled);
}

TEST(calls, shutdown_cancels_running_calls) {
  harness h;
  h.init();
  sink a;
  sink b;
  h.eng.handle(follow_call(1).dump(), a.fn());
  h.be.no_canceller = true;
  h.eng.handle(follow_call(2).dump(), b.fn());
  h.eng.shutdown();
  EXPECT_TRUE(h.be.calls.at(0)->cancelled);
  EXPECT_EQ(a.last().kind, output_kind::dropped);
  EXPECT_EQ(b.last().kind, output_kind::dropped);
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
}

TEST(calls, callbacks_after_engine_destruction_are_ignored) {
  fake_backend be;
  sink s;
  {
    mcp::engine eng{be, config()};
    eng.handle(
      modern_req(1, "tools/call",
                 {{"name", "scripts_stop"}, {"arguments", {{"name", "web"}}}})
        .dump(),
      s.fn());
  }
  ASSERT_EQ(be.calls.size(), 1u);
  EXPECT_TRUE(be.calls[0]->cancelled); // destruction cancels
  be.calls[0]->progress(1, line_json(1, "x"));
  complete(*be.calls[0], status_json("web"));
  EXPECT_TRUE(s.outs.empty());
}

TEST(calls, throwing_backend_becomes_internal_error) {
  struct throwing : fake_backend {
    mcp::cancel_fn call_tool(const std::string&, const json&,
                             const mcp::call_origin&, mcp::tool_progress,
                             mcp::tool_done) override {
      throw std::runtime_error("boom");
    }
  };
  throwing be;
  mcp::engine eng{be, config()};
  sink s;
  EXPECT_EQ(eng.handle(modern_req(4, "tools/call",
                                  {{"name", "scripts_list"},
                                   {"arguments", json::object()}})
                         .dump(),
                       s.fn()),
            0u);
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.last().http_status, 500);
  EXPECT_EQ(s.msg(0)["error"]["code"], -32603);
  EXPECT_EQ(s.msg(0)["id"], 4);
}
