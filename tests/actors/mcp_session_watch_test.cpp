// The watch feed through a real MCP SESSION over stand-ins: hummel/watch
// answers the view cell's current view (every status field), then every
// STATUS CACHE delta after it becomes notifications/hummel/delta, in
// order; removed processes are named; hummel/unwatch ends it.

#include "mcp_session_support.hpp"

namespace hummel {
namespace {

using test::json;

class mcp_session_watch : public test::mcp_session_fixture {
protected:
  /// A unix-socket session watching; `feed` receives its outputs.
  mcp_session_actor watching() {
    auto s = session(mcp::transport_kind::unix_socket);
    feed = post(s, {{"jsonrpc", "2.0"},
                    {"id", 1},
                    {"method", "hummel/watch"},
                    {"params", {{"_meta", test::modern_meta()}}}});
    run();
    return s;
  }

  /// The process `name` at `index` changes to `status`.
  void change(uint32_t index, const std::string& name, process_status status) {
    self->send(w.cache, atom::update_v, test::snap(index, name, status));
    run();
  }

  /// The version of the published view.
  uint64_t published() {
    auto r = cell.read();
    return r->version;
  }

  /// The parsed messages on the feed.
  std::vector<json> messages() const {
    std::vector<json> result;
    for (const auto& o : feed->outs)
      if (!o.json.empty())
        result.push_back(json::parse(o.json));
    return result;
  }

  std::shared_ptr<test::recording_channel> feed;
};

TEST_F(mcp_session_watch, snapshot_holds_every_process_with_all_fields) {
  watching();
  auto msgs = messages();
  ASSERT_EQ(msgs.size(), 1u);
  const auto& r = msgs[0]["result"];
  EXPECT_EQ(msgs[0]["id"], 1);
  EXPECT_EQ(r["version"], published());
  EXPECT_EQ(r["node"], "test-node");
  EXPECT_TRUE(r.contains("time_ms"));
  ASSERT_EQ(r["processes"].size(), 2u);
  const auto& web = r["processes"][0];
  EXPECT_EQ(web["name"], "web");
  EXPECT_EQ(web["status"], "running");
  for (const char* field :
       {"pid", "exit_code", "ready", "uptime_ms", "restarts", "cpu_percent",
        "rss_bytes", "urls", "error_count", "last_error"})
    EXPECT_TRUE(web.contains(field)) << field;
}

TEST_F(mcp_session_watch, every_delta_after_the_snapshot_in_order) {
  watching();
  auto v0 = published();
  change(0, "web", process_status::stopped);
  change(1, "db", process_status::running);
  change(0, "web", process_status::running);
  auto msgs = messages();
  ASSERT_EQ(msgs.size(), 4u);
  uint64_t last = v0;
  std::vector<std::string> seen;
  for (size_t i = 1; i < msgs.size(); ++i) {
    EXPECT_EQ(msgs[i]["method"], "notifications/hummel/delta");
    const auto& p = msgs[i]["params"];
    EXPECT_EQ(p["from"], last); // no gap
    EXPECT_EQ(p["to"], last + 1);
    last = p["to"];
    ASSERT_EQ(p["changed"].size(), 1u);
    seen.push_back(p["changed"][0]["name"].get<std::string>() + " "
                   + p["changed"][0]["status"].get<std::string>());
    EXPECT_TRUE(p["changed"][0].contains("rss_bytes"));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"web stopped", "db running",
                                            "web running"}));
}

TEST_F(mcp_session_watch, removed_processes_are_named) {
  auto s = watching();
  auto v = published();
  status_delta d{v, v + 1, {}, 0, {1}, true};
  self->send(s, atom::delta_v, d);
  run();
  auto msgs = messages();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[1]["params"]["removed"], json::array({"db"}));
  EXPECT_EQ(msgs[1]["params"]["list_changed"], true);
}

TEST_F(mcp_session_watch, deltas_older_than_the_snapshot_are_skipped) {
  auto s = watching();
  auto v = published();
  status_delta old{v - 1, v,  {test::snap(0, "web", process_status::failed)},
                   0,     {}, false};
  self->send(s, atom::delta_v, old);
  run();
  EXPECT_EQ(messages().size(), 1u);
}

TEST_F(mcp_session_watch, unwatch_ends_the_feed) {
  auto s = watching();
  auto u = post(s, {{"jsonrpc", "2.0"},
                    {"id", 2},
                    {"method", "hummel/unwatch"},
                    {"params", {{"_meta", test::modern_meta()}}}});
  run();
  EXPECT_EQ(u->response()["result"]["watches_ended"], 1);
  EXPECT_EQ(feed->outs.back().kind, mcp::output_kind::dropped);
  auto n = feed->outs.size();
  change(0, "web", process_status::stopped);
  EXPECT_EQ(feed->outs.size(), n);
}

} // namespace
} // namespace hummel
