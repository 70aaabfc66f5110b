// The vendor watch feed of the engine: hummel/watch answers the backend's
// snapshot first and keeps its exchange open for notifications/hummel/delta
// (newer versions only, in order); hummel/unwatch, close() and shutdown()
// end it; a backend without a feed answers -32601; never in tools/list.

#include <gtest/gtest.h>

#include "mcp_support.hpp"

using namespace mcp_test;
using hummel::mcp::output_kind;

namespace {

// A backend with a watch feed at view version `version`.
struct watch_backend : fake_backend {
  uint64_t version = 5;

  std::shared_ptr<json> watch_snapshot() override {
    return std::make_shared<json>(
      json{{"version", version},
           {"node", "n1"},
           {"time_ms", 1000},
           {"processes", json::array({status_json("web")})}});
  }
};

struct watch_harness {
  watch_backend be;
  mcp::engine eng;

  explicit watch_harness(mcp::transport_kind t = mcp::transport_kind::stdio)
    : eng(be, config(t)) {
  }

  json delta(uint64_t from, uint64_t to) {
    return {{"from", from},
            {"to", to},
            {"time_ms", 2000 + to},
            {"changed", json::array({status_json("web")})},
            {"removed", json::array()},
            {"list_changed", false}};
  }
};

} // namespace

TEST(watch_feed, snapshot_first_then_newer_deltas_in_order) {
  watch_harness h;
  sink s;
  auto xid = h.eng.handle(modern_req(1, "hummel/watch").dump(), s.fn());
  EXPECT_NE(xid, 0u); // stays open
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.outs[0].kind, output_kind::notification);
  auto first = s.msg(0);
  EXPECT_EQ(first["id"], 1);
  EXPECT_EQ(first["result"]["version"], 5);
  EXPECT_EQ(first["result"]["node"], "n1");
  EXPECT_EQ(first["result"]["processes"][0]["name"], "web");
  EXPECT_TRUE(h.eng.watching());
  // deltas the snapshot already holds are skipped; newer ones go out
  h.eng.watch_delta(4, h.delta(3, 4));
  h.eng.watch_delta(5, h.delta(4, 5));
  h.eng.watch_delta(6, h.delta(5, 6));
  h.eng.watch_delta(7, h.delta(6, 7));
  ASSERT_EQ(s.outs.size(), 3u);
  for (size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(s.outs[i].kind, output_kind::notification);
    auto m = s.msg(i);
    EXPECT_EQ(m["method"], "notifications/hummel/delta");
    EXPECT_FALSE(m.contains("id"));
    EXPECT_EQ(m["params"]["from"], 4 + i);
    EXPECT_EQ(m["params"]["to"], 5 + i);
  }
}

TEST(watch_feed, legacy_session_watches_too) {
  watch_harness h;
  sink init;
  h.eng.handle(req(0, "initialize",
                   {{"protocolVersion", "2025-11-25"},
                    {"capabilities", json::object()},
                    {"clientInfo", {{"name", "t"}}}})
                 .dump(),
               init.fn());
  sink s;
  h.eng.handle(req(2, "hummel/watch").dump(), s.fn());
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_EQ(s.msg(0)["result"]["version"], 5);
  h.eng.watch_delta(6, h.delta(5, 6));
  EXPECT_EQ(s.outs.size(), 2u);
}

TEST(watch_feed, unwatch_ends_every_watch_of_the_engine) {
  watch_harness h;
  sink a;
  sink b;
  h.eng.handle(modern_req(1, "hummel/watch").dump(), a.fn());
  h.eng.handle(modern_req(2, "hummel/watch").dump(), b.fn());
  h.eng.watch_delta(6, h.delta(5, 6));
  EXPECT_EQ(a.outs.size(), 2u);
  EXPECT_EQ(b.outs.size(), 2u);
  sink u;
  h.eng.handle(modern_req(3, "hummel/unwatch").dump(), u.fn());
  ASSERT_EQ(u.outs.size(), 1u);
  EXPECT_EQ(u.msg(0)["result"]["watches_ended"], 2);
  EXPECT_EQ(a.last().kind, output_kind::dropped);
  EXPECT_EQ(b.last().kind, output_kind::dropped);
  EXPECT_FALSE(h.eng.watching());
  h.eng.watch_delta(7, h.delta(6, 7));
  EXPECT_EQ(a.outs.size(), 3u);
  EXPECT_EQ(h.eng.open_exchanges(), 0u);
}

TEST(watch_feed, close_and_shutdown_end_a_watch) {
  watch_harness h;
  sink a;
  sink b;
  auto xa = h.eng.handle(modern_req(1, "hummel/watch").dump(), a.fn());
  h.eng.handle(modern_req(2, "hummel/watch").dump(), b.fn());
  h.eng.close(xa);
  h.eng.watch_delta(6, h.delta(5, 6));
  EXPECT_EQ(a.outs.size(), 1u); // closed: never called again
  EXPECT_EQ(b.outs.size(), 2u);
  h.eng.shutdown();
  EXPECT_EQ(b.last().kind, output_kind::dropped);
  EXPECT_FALSE(h.eng.watching());
}

TEST(watch_feed, http_watch_streams_on_its_post) {
  watch_harness h{mcp::transport_kind::http};
  auto msg = modern_req(1, "hummel/watch");
  auto hdr = headers_for(msg);
  sink s;
  h.eng.handle(msg.dump(), s.fn(), &hdr);
  ASSERT_EQ(s.outs.size(), 1u);
  // a notification output: the HTTP transport starts an SSE stream
  EXPECT_EQ(s.outs[0].kind, output_kind::notification);
  EXPECT_EQ(s.msg(0)["result"]["version"], 5);
}

TEST(watch_feed, unknown_without_a_feed_and_not_a_tool) {
  harness plain; // fake_backend: no watch_snapshot
  auto r = plain.rpc(modern_req(1, "hummel/watch"));
  EXPECT_EQ(r["error"]["code"], -32601);
  watch_harness h;
  sink s;
  h.eng.handle(modern_req(2, "tools/list").dump(), s.fn());
  auto list = s.msg(0); // kept: a range-for over a temporary's member
                        // would read it after it is destroyed
  for (const auto& t : list["result"]["tools"])
    EXPECT_EQ(t["name"].get<std::string>().find("watch"), std::string::npos);
}

TEST(watch_feed, refused_inside_a_batch) {
  watch_harness h;
  sink init;
  h.eng.handle(req(0, "initialize",
                   {{"protocolVersion", "2025-03-26"},
                    {"capabilities", json::object()},
                    {"clientInfo", {{"name", "t"}}}})
                 .dump(),
               init.fn());
  sink s;
  h.eng.handle(json::array({req(1, "hummel/watch")}).dump(), s.fn());
  ASSERT_EQ(s.outs.size(), 1u);
  auto r = s.msg(0);
  EXPECT_EQ(r[0]["error"]["code"], -32600);
  EXPECT_FALSE(h.eng.watching());
}
