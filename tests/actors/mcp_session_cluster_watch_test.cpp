// The cluster watch (`hummel/watch {"node": "*"}`) through a real MCP
// SESSION and a real CLUSTER VIEW (no links; the test sends the peer
// reports a CLUSTER LINK would): the answer holds every node and every
// process with its node, then each publish of the cluster view that changes
// what a client shows becomes one notifications/hummel/delta with only the
// processes whose snapshot changed.

#include "actors/cluster_view.hpp"

#include "mcp_session_support.hpp"

namespace hummel {
namespace {

using test::json;

class mcp_session_cluster_watch : public test::mcp_session_fixture {
protected:
  mcp_session_cluster_watch() {
    cluster_view_config vc;
    vc.local = &cell;
    vc.cell = &ccell;
    vc.cache = w.cache;
    vc.peers = {"10.0.0.2:4000"};
    vc.spawn_links = false;
    viewer = sys.spawn(cluster_viewer, vc);
    run();
    ctx.cluster_cell = &ccell;
    ctx.cluster = viewer;
  }

  ~mcp_session_cluster_watch() override {
    self->send_exit(viewer, caf::exit_reason::user_shutdown);
    run();
  }

  /// A unix-socket session watching the cluster; `feed` gets its outputs.
  mcp_session_actor watching(json node = "*") {
    auto s = session(mcp::transport_kind::unix_socket);
    feed = post(
      s, {{"jsonrpc", "2.0"},
          {"id", 1},
          {"method", "hummel/watch"},
          {"params",
           {{"node", std::move(node)}, {"_meta", test::modern_meta()}}}});
    run();
    return s;
  }

  /// The peer as its link reports it: linked, named "peer", with `procs`.
  void report(std::vector<snapshot_ptr> procs,
              link_state state = link_state::linked, int64_t heard = 1000) {
    peer_report r;
    r.slot = 0;
    r.entry.name = "peer";
    r.entry.address = "10.0.0.2:4000";
    r.entry.state = state;
    r.entry.last_heard_ms = heard;
    auto v = std::make_shared<status_view>();
    v->version = ++peer_version;
    v->node = "peer";
    auto names = std::make_shared<name_index>();
    for (auto& x : procs) {
      (*names)[x->name] = x->index;
      v->processes = v->processes.push_back(std::move(x));
    }
    v->names = std::move(names);
    r.entry.view = std::move(v);
    self->send(viewer, atom::report_v, std::move(r));
    run();
  }

  uint64_t published() const {
    return ccell.with([](const cluster_view& v) { return v.version; });
  }

  std::vector<json> messages() const {
    std::vector<json> result;
    for (const auto& o : feed->outs)
      if (!o.json.empty())
        result.push_back(json::parse(o.json));
    return result;
  }

  /// "node/name status" of each item of `xs`.
  static std::vector<std::string> items(const json& xs) {
    std::vector<std::string> out;
    for (const auto& x : xs)
      out.push_back(x["node"].get<std::string>() + "/"
                    + x["name"].get<std::string>() + " "
                    + x.value("status", std::string{}));
    return out;
  }

  view_cell<cluster_view> ccell{
    cell.with([](const auto& v) { return make_local_cluster_view(v, ""); })};
  cluster_view_actor viewer;
  uint64_t peer_version = 0;
  std::shared_ptr<test::recording_channel> feed;
};

TEST_F(mcp_session_cluster_watch, answer_holds_every_node_and_process) {
  report({test::snap(0, "api", process_status::running),
          test::snap(1, "worker", process_status::failed)});
  watching();
  auto msgs = messages();
  ASSERT_EQ(msgs.size(), 1u);
  const auto& r = msgs[0]["result"];
  EXPECT_EQ(r["cluster"], true);
  EXPECT_EQ(r["node"], "test-node");
  EXPECT_EQ(r["version"], published());
  ASSERT_EQ(r["nodes"].size(), 2u);
  EXPECT_EQ(r["nodes"][0]["state"], "local");
  EXPECT_EQ(r["nodes"][1]["name"], "peer");
  EXPECT_EQ(r["nodes"][1]["state"], "linked");
  EXPECT_EQ(r["nodes"][1]["address"], "10.0.0.2:4000");
  EXPECT_TRUE(r.contains("propagation"));
  EXPECT_EQ(
    items(r["processes"]),
    (std::vector<std::string>{"test-node/web running", "test-node/db stopped",
                              "peer/api running", "peer/worker failed"}));
  EXPECT_TRUE(r["processes"][3].contains("rss_bytes"));
}

TEST_F(mcp_session_cluster_watch, a_peer_change_is_one_delta_of_that_process) {
  auto api = test::snap(0, "api", process_status::running);
  report({api, test::snap(1, "worker", process_status::running)});
  watching();
  auto v0 = messages()[0]["result"]["version"].get<uint64_t>();
  // The peer's next view shares `api`'s snapshot: only `worker` changed.
  report({api, test::snap(1, "worker", process_status::failed)});
  auto msgs = messages();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[1]["method"], "notifications/hummel/delta");
  const auto& p = msgs[1]["params"];
  EXPECT_EQ(p["cluster"], true);
  EXPECT_EQ(p["from"], v0);
  EXPECT_EQ(p["to"], published());
  EXPECT_EQ(items(p["changed"]),
            (std::vector<std::string>{"peer/worker failed"}));
  EXPECT_TRUE(p["removed"].empty());
  EXPECT_EQ(p["list_changed"], false);
  EXPECT_EQ(p["nodes"].size(), 2u);
}

TEST_F(mcp_session_cluster_watch, local_changes_arrive_with_this_nodes_name) {
  watching();
  self->send(w.cache, atom::update_v,
             test::snap(0, "web", process_status::stopped));
  run();
  auto msgs = messages();
  ASSERT_GE(msgs.size(), 2u);
  EXPECT_EQ(items(msgs.back()["params"]["changed"]),
            (std::vector<std::string>{"test-node/web stopped"}));
}

TEST_F(mcp_session_cluster_watch, removed_and_renamed_are_named_by_node) {
  // Before its first view the peer is known by its address only.
  watching();
  report({test::snap(0, "api", process_status::running),
          test::snap(1, "tmp", process_status::running)});
  auto msgs = messages();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(items(msgs[1]["params"]["changed"]),
            (std::vector<std::string>{"peer/api running", "peer/tmp running"}));
  EXPECT_EQ(msgs[1]["params"]["list_changed"], true);
  // A reload on the peer removed `tmp` (its slot is empty).
  report({test::snap(0, "api", process_status::running)});
  msgs = messages();
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[2]["params"]["removed"],
            json::array({{{"node", "peer"}, {"name", "tmp"}}}));
  EXPECT_EQ(msgs[2]["params"]["from"], msgs[1]["params"]["to"]) << "no gap";
}

TEST_F(mcp_session_cluster_watch,
       keep_alives_alone_send_nothing_a_lost_link_does) {
  auto api = test::snap(0, "api", process_status::running);
  report({api});
  watching();
  // The same view, heard again later: nothing a client shows changed.
  peer_report again;
  again.slot = 0;
  again.entry = ccell.with([](const cluster_view& v) { return v.nodes[1]; });
  again.entry.last_heard_ms = 2000;
  self->send(viewer, atom::report_v, again);
  run();
  EXPECT_EQ(messages().size(), 1u);
  again.entry.state = link_state::stale;
  again.entry.error = "the connection broke";
  self->send(viewer, atom::report_v, again);
  run();
  auto msgs = messages();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_TRUE(msgs[1]["params"]["changed"].empty());
  EXPECT_EQ(msgs[1]["params"]["nodes"][1]["state"], "stale");
  EXPECT_EQ(msgs[1]["params"]["nodes"][1]["error"], "the connection broke");
}

TEST_F(mcp_session_cluster_watch, only_star_names_the_cluster) {
  watching("web-1");
  auto msgs = messages();
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0]["error"]["code"], -32602) << msgs[0];
}

TEST_F(mcp_session_cluster_watch, local_and_cluster_watches_are_two_streams) {
  auto s = watching();
  auto local = post(s, {{"jsonrpc", "2.0"},
                        {"id", 2},
                        {"method", "hummel/watch"},
                        {"params", {{"_meta", test::modern_meta()}}}});
  run();
  report({test::snap(0, "api", process_status::running)});
  for (const auto& o : local->outs)
    EXPECT_EQ(o.json.find("\"peer\""), std::string::npos)
      << "a peer's change is not in the local feed: " << o.json;
  auto n = feed->outs.size();
  self->send(w.cache, atom::update_v,
             test::snap(0, "web", process_status::failed));
  run();
  EXPECT_EQ(feed->outs.size(), n + 1) << "the cluster feed has it";
  EXPECT_FALSE(
    json::parse(local->outs.back().json)["params"].contains("cluster"))
    << "and so has the local one, in its own versions";
}

} // namespace
} // namespace hummel
