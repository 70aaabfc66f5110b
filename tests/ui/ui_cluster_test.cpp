// `hummel ui --all-nodes`: the table of a cluster watch keys rows by node
// and name (two nodes may both run `web`), removes `{node, name}` items,
// keeps the nodes' link states, tells remote rows from local ones, shows
// one node alone with --node, and draws a line of nodes under the title.

#include "main/cli/ui/view.hpp"

#include <gtest/gtest.h>

using namespace hummel::ui;
using nlohmann::json;

namespace {

json item(const std::string& node, const std::string& name,
          const std::string& status) {
  return json{{"node", node},
              {"name", name},
              {"status", status},
              {"pid", status == "running" ? json(7) : json()},
              {"error_count", 0}};
}

json node(const std::string& name, const std::string& state, int procs,
          int64_t ago = 0) {
  return json{{"name", name},
              {"address", name == "me" ? json() : json(name + ":4000")},
              {"state", state},
              {"last_heard_ms_ago", ago},
              {"processes", procs}};
}

table cluster() {
  table t;
  t.load_snapshot(
    json{{"version", 3},
         {"node", "me"},
         {"cluster", true},
         {"nodes", {node("me", "local", 1), node("b", "linked", 2)}},
         {"processes",
          {item("me", "web", "running"), item("b", "web", "stopped"),
           item("b", "db", "running")}}});
  return t;
}

std::vector<std::string> rows(const table& t) {
  std::vector<std::string> out;
  for (const auto* r : t.visible())
    out.push_back(r->node + "/" + r->name + " " + r->status);
  return out;
}

} // namespace

TEST(UiCluster, SameNameOnTwoNodesIsTwoRows) {
  auto t = cluster();
  EXPECT_TRUE(t.cluster());
  EXPECT_TRUE(t.has_nodes());
  EXPECT_EQ(rows(t), (std::vector<std::string>{"b/db running", "b/web stopped",
                                               "me/web running"}));
  ASSERT_EQ(t.nodes().size(), 2u);
  EXPECT_EQ(t.nodes()[1].state, "linked");
}

TEST(UiCluster, DeltasChangeAndRemoveByNodeAndName) {
  auto t = cluster();
  json d{{"from", 3},
         {"to", 4},
         {"cluster", true},
         {"changed", {item("b", "web", "running")}},
         {"removed", {{{"node", "b"}, {"name", "db"}}}},
         {"nodes", {node("me", "local", 1), node("b", "stale", 1, 12000)}},
         {"list_changed", true}};
  ASSERT_EQ(t.apply_delta(d), delta_outcome::applied);
  EXPECT_EQ(rows(t),
            (std::vector<std::string>{"b/web running", "me/web running"}));
  EXPECT_EQ(t.nodes()[1].state, "stale");
  EXPECT_EQ(t.nodes()[1].heard_ms_ago, 12000);
}

TEST(UiCluster, RemoteRowsAreTheOtherNodes) {
  auto t = cluster();
  t.select_name("me\x1fweb");
  ASSERT_NE(t.selected(), nullptr);
  EXPECT_EQ(t.selected()->node, "me");
  EXPECT_FALSE(t.is_remote(*t.selected()));
  t.select_name("b\x1fweb");
  EXPECT_EQ(t.selected()->node, "b");
  EXPECT_TRUE(t.is_remote(*t.selected()));
}

TEST(UiCluster, SelectionStaysOnItsNodesRowAcrossUpdates) {
  auto t = cluster();
  t.select_name("me\x1fweb");
  json d{{"from", 3},
         {"to", 4},
         {"changed", {item("b", "web", "failed")}},
         {"removed", json::array()}};
  t.apply_delta(d);
  ASSERT_NE(t.selected(), nullptr);
  EXPECT_EQ(table::key_of(*t.selected()), "me\x1fweb");
}

TEST(UiCluster, NodeOptionShowsOneNodeByNameOrAddress) {
  auto t = cluster();
  t.show_only_node("b");
  EXPECT_EQ(rows(t),
            (std::vector<std::string>{"b/db running", "b/web stopped"}));
  t.show_only_node("b:4000");
  EXPECT_EQ(rows(t).size(), 2u);
  t.show_only_node("");
  EXPECT_EQ(rows(t).size(), 3u);
}

TEST(UiCluster, FrameShowsTheNodesAndTheNodeColumn) {
  auto t = cluster();
  json d{{"from", 3},
         {"to", 4},
         {"changed", json::array()},
         {"removed", json::array()},
         {"nodes", {node("me", "local", 1), node("b", "stale", 2, 65000)}}};
  t.apply_delta(d);
  log_buffer log;
  ui_state ui;
  frame_input in;
  in.width = 120;
  in.height = 20;
  in.project = "/tmp/p";
  auto f = compose(t, log, ui, in);
  ASSERT_EQ(f.lines.size(), 20u);
  EXPECT_EQ(f.lines[1].text.rfind(" nodes:  me local 1  b stale 1m05 ago 2", 0),
            0u)
    << f.lines[1].text;
  ASSERT_EQ(f.lines[1].spans.size(), 1u) << "the stale node is marked";
  EXPECT_NE(f.lines[2].text.find("NODE"), std::string::npos) << f.lines[2].text;
}
