// Unsolicited notifications: resources/updated for legacy subscriptions on
// the standing stream and for modern listens, rate limited per URI with a
// fake clock; legacy log messages.

#include <gtest/gtest.h>

#include "mcp_support.hpp"

using namespace mcp_test;
using namespace std::chrono_literals;
using hummel::mcp::output_kind;

namespace {

using time_point = mcp::engine_clock::time_point;

// A legacy session with a standing stream and subscriptions to `uris`.
struct subscribed : harness {
  sink stream;

  explicit subscribed(std::vector<std::string> uris) {
    init();
    eng.set_stream(stream.fn());
    for (const auto& u : uris)
      rpc(req(1, "resources/subscribe", {{"uri", u}}));
  }

  std::vector<std::string> updated() const {
    std::vector<std::string> result;
    for (const auto& o : stream.outs) {
      auto j = json::parse(o.json);
      if (j["method"] == "notifications/resources/updated")
        result.push_back(j["params"]["uri"]);
    }
    return result;
  }
};

using uris = std::vector<std::string>;

} // namespace

TEST(notify, legacy_updates_on_the_standing_stream) {
  subscribed s{{"hummel://processes", "hummel://logs/web"}};
  time_point t0{};
  s.eng.processes_changed({"web"}, t0);
  s.eng.logs_changed({"web", "api"}, t0);
  EXPECT_EQ(s.updated(), (uris{"hummel://processes", "hummel://logs/web"}));
  for (const auto& o : s.stream.outs) {
    EXPECT_EQ(o.kind, output_kind::notification);
    EXPECT_FALSE(json::parse(o.json)["params"].contains("_meta"));
  }
  EXPECT_FALSE(s.eng.next_deadline());
}

TEST(notify, at_most_one_update_per_interval_per_uri) {
  subscribed s{{"hummel://processes", "hummel://processes/web"}};
  time_point t0{};
  s.eng.processes_changed({"web"}, t0);
  EXPECT_EQ(s.updated().size(), 2u);
  // a storm of changes inside the window: nothing now, one pending each
  for (int i = 1; i < 50; ++i)
    s.eng.processes_changed({"web"}, t0 + i * 1ms);
  EXPECT_EQ(s.updated().size(), 2u);
  ASSERT_TRUE(s.eng.next_deadline());
  EXPECT_EQ(*s.eng.next_deadline(), t0 + 250ms);
  s.eng.on_timer(t0 + 249ms); // early timer: nothing due
  EXPECT_EQ(s.updated().size(), 2u);
  s.eng.on_timer(t0 + 250ms);
  EXPECT_EQ(s.updated().size(), 4u);
  EXPECT_FALSE(s.eng.next_deadline());
  // the next change is again limited relative to the last send
  s.eng.processes_changed({"web"}, t0 + 300ms);
  EXPECT_EQ(s.updated().size(), 4u);
  EXPECT_EQ(*s.eng.next_deadline(), t0 + 500ms);
  s.eng.on_timer(t0 + 600ms);
  EXPECT_EQ(s.updated().size(), 6u);
  // after a quiet window, the first change goes out at once
  s.eng.processes_changed({"web"}, t0 + 2s);
  EXPECT_EQ(s.updated().size(), 8u);
}

TEST(notify, limits_are_per_uri) {
  subscribed s{{"hummel://logs/a", "hummel://logs/b"}};
  time_point t0{};
  s.eng.logs_changed({"a"}, t0);
  s.eng.logs_changed({"b"}, t0 + 10ms);
  s.eng.logs_changed({"a"}, t0 + 20ms);
  EXPECT_EQ(s.updated(), (uris{"hummel://logs/a", "hummel://logs/b"}));
  EXPECT_EQ(*s.eng.next_deadline(), t0 + 250ms);
  s.eng.on_timer(t0 + 250ms);
  EXPECT_EQ(s.updated().back(), "hummel://logs/a");
  EXPECT_FALSE(s.eng.next_deadline());
}

TEST(notify, unknown_process_set_marks_every_subscribed_process) {
  subscribed s{
    {"hummel://processes/a", "hummel://processes/b%20c", "hummel://logs/a"}};
  s.eng.processes_changed({}, time_point{});
  EXPECT_EQ(s.updated(),
            (uris{"hummel://processes/a", "hummel://processes/b%20c"}));
}

TEST(notify, names_are_encoded_like_subscriptions) {
  subscribed s{{"hummel://processes/my%20app"}};
  s.eng.processes_changed({"my app"}, time_point{});
  EXPECT_EQ(s.updated(), (uris{"hummel://processes/my%20app"}));
}

TEST(notify, unsubscribe_stops_updates_and_pending_ones) {
  subscribed s{{"hummel://processes"}};
  time_point t0{};
  s.eng.processes_changed({}, t0);
  s.eng.processes_changed({}, t0 + 1ms);
  EXPECT_TRUE(s.eng.next_deadline());
  s.rpc(req(2, "resources/unsubscribe", {{"uri", "hummel://processes"}}));
  EXPECT_FALSE(s.eng.next_deadline());
  s.eng.on_timer(t0 + 1s);
  s.eng.processes_changed({}, t0 + 2s);
  EXPECT_EQ(s.updated().size(), 1u);
}

TEST(notify, no_stream_or_no_session_sends_nothing) {
  harness h;
  h.init();
  h.rpc(req(1, "resources/subscribe", {{"uri", "hummel://processes"}}));
  h.eng.processes_changed({}, time_point{}); // no stream set: dropped
  sink late;
  h.eng.set_stream(late.fn());
  h.eng.processes_changed({}, time_point{} + 1s);
  EXPECT_EQ(late.outs.size(), 1u);
  h.eng.set_stream({});
  h.eng.processes_changed({}, time_point{} + 2s);
  EXPECT_EQ(late.outs.size(), 1u);
}

TEST(notify, modern_listens_share_the_limit) {
  harness h;
  sink a;
  sink b;
  auto listen = [](json id, json uris) {
    return modern_req(
             std::move(id), "subscriptions/listen",
             {{"notifications", {{"resourceSubscriptions", std::move(uris)}}}})
      .dump();
  };
  h.eng.handle(listen(1, {"hummel://processes"}), a.fn());
  h.eng.handle(listen(2, {"hummel://processes", "hummel://logs/web"}), b.fn());
  time_point t0{};
  h.eng.processes_changed({"web"}, t0);
  h.eng.processes_changed({"web"}, t0 + 5ms);
  h.eng.logs_changed({"web"}, t0 + 5ms);
  EXPECT_EQ(a.outs.size(), 2u); // ack + 1
  EXPECT_EQ(b.outs.size(), 3u); // ack + processes + logs
  h.eng.on_timer(t0 + 250ms);
  EXPECT_EQ(a.outs.size(), 3u);
  EXPECT_EQ(b.outs.size(), 4u);
  EXPECT_EQ(a.msg(2)["params"]["_meta"]["io.modelcontextprotocol/"
                                        "subscriptionId"],
            1);
  EXPECT_EQ(b.msg(3)["params"]["_meta"]["io.modelcontextprotocol/"
                                        "subscriptionId"],
            2);
}

TEST(notify, log_messages_follow_the_session_level) {
  harness h;
  sink s;
  h.eng.set_stream(s.fn());
  h.eng.log(mcp::log_level::error, "hummel", json("before init"));
  EXPECT_TRUE(s.outs.empty()); // only initialized sessions
  h.init();
  h.eng.log(mcp::log_level::debug, "hummel", json("too low"));
  h.eng.log(mcp::log_level::info, "hummel", {{"event", "started"}});
  ASSERT_EQ(s.outs.size(), 1u);
  auto m = s.msg(0);
  EXPECT_EQ(m["method"], "notifications/message");
  EXPECT_EQ(m["params"]["level"], "info");
  EXPECT_EQ(m["params"]["logger"], "hummel");
  EXPECT_EQ(m["params"]["data"]["event"], "started");
  h.rpc(req(1, "logging/setLevel", {{"level", "debug"}}));
  h.eng.log(mcp::log_level::debug, "", json(std::string("bad \xff")));
  ASSERT_EQ(s.outs.size(), 2u);
  EXPECT_FALSE(s.msg(1)["params"].contains("logger"));
  EXPECT_EQ(s.msg(1)["params"]["data"], "bad \xEF\xBF\xBD");
}

TEST(notify, resource_list_changed_goes_to_an_initialized_session_stream) {
  subscribed s{{}};
  s.eng.resource_list_changed();
  ASSERT_EQ(s.stream.outs.size(), 1u);
  auto j = json::parse(s.stream.outs[0].json);
  EXPECT_EQ(j["method"], "notifications/resources/list_changed");
  EXPECT_EQ(s.stream.outs[0].kind, output_kind::notification);
}

TEST(notify, resource_list_changed_needs_initialize_and_a_stream) {
  harness h;
  sink stream;
  h.eng.set_stream(stream.fn());
  h.eng.resource_list_changed(); // not initialized
  EXPECT_TRUE(stream.outs.empty());
}
