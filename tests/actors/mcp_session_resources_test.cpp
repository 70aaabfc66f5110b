// MCP SESSION resource subscriptions against stand-ins: the STATUS CACHE's
// deltas become notifications/resources/updated, at most one per URI per
// update interval on the session's (fake) clock.

#include "mcp_session_support.hpp"

namespace hummel {
namespace {

using namespace std::chrono_literals;
using test::json;

class mcp_session_resources : public test::mcp_session_fixture {
protected:
  /// A legacy session subscribed to `uri`; its standing stream is `stream`.
  mcp_session_actor subscribed(const std::string& uri) {
    auto s = session(mcp::transport_kind::unix_socket);
    stream = std::make_shared<test::recording_channel>();
    self->send(s, atom::stream_v, mcp_channel_ptr{stream});
    post(s, {{"jsonrpc", "2.0"},
             {"id", 0},
             {"method", "initialize"},
             {"params",
              {{"protocolVersion", "2025-11-25"},
               {"capabilities", json::object()},
               {"clientInfo", {{"name", "t"}, {"version", "0"}}}}}});
    post(s, {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
    auto sub = post(s, {{"jsonrpc", "2.0"},
                        {"id", 1},
                        {"method", "resources/subscribe"},
                        {"params", {{"uri", uri}}}});
    run();
    EXPECT_TRUE(sub->response()["result"].is_object()) << sub->response();
    return s;
  }

  /// The process changes state (the SUPERVISOR stand-in would report it).
  void change(process_status status) {
    self->send(w.cache, atom::update_v, test::snap(0, "web", status));
    run();
  }

  /// URIs of the resources/updated notifications on the stream so far.
  std::vector<std::string> updates() const {
    std::vector<std::string> result;
    for (const auto& o : stream->outs) {
      auto msg = json::parse(o.json);
      if (msg["method"] == "notifications/resources/updated")
        result.push_back(msg["params"]["uri"]);
    }
    return result;
  }

  std::shared_ptr<test::recording_channel> stream;
};

TEST_F(mcp_session_resources, a_change_notifies_the_subscriber_at_once) {
  subscribed("hummel://processes/web");
  EXPECT_TRUE(updates().empty());
  change(process_status::stopped);
  EXPECT_EQ(updates(), (std::vector<std::string>{"hummel://processes/web"}));
}

TEST_F(mcp_session_resources, changes_of_other_processes_are_not_sent) {
  subscribed("hummel://processes/db");
  change(process_status::stopped);
  EXPECT_TRUE(updates().empty());
}

TEST_F(mcp_session_resources, updates_are_rate_limited_per_uri) {
  subscribed("hummel://processes/web");
  change(process_status::stopping);
  ASSERT_EQ(updates().size(), 1u);
  // Two more changes within the interval: one delayed update for both.
  advance_time(100ms);
  change(process_status::stopped);
  change(process_status::running);
  EXPECT_EQ(updates().size(), 1u) << "held back by the rate limit";
  advance_time(149ms);
  EXPECT_EQ(updates().size(), 1u) << "250 ms have not passed yet";
  advance_time(1ms);
  EXPECT_EQ(updates().size(), 2u) << "the delayed update is due";
  advance_time(1s);
  EXPECT_EQ(updates().size(), 2u) << "nothing new to send";
}

TEST_F(mcp_session_resources, unsubscribed_sessions_hear_nothing) {
  auto s = subscribed("hummel://processes/web");
  auto r = post(s, {{"jsonrpc", "2.0"},
                    {"id", 2},
                    {"method", "resources/unsubscribe"},
                    {"params", {{"uri", "hummel://processes/web"}}}});
  run();
  EXPECT_TRUE(r->response()["result"].is_object());
  change(process_status::stopped);
  EXPECT_TRUE(updates().empty());
}

} // namespace
} // namespace hummel
