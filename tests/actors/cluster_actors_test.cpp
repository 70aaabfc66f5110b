// The CLUSTER NODE and the CLUSTER VIEW on CAF's test coordinator: what a
// peer gets when it subscribes, deltas in wire form, keep-alives, refused
// remote control, and how the cluster view merges and marks peers.

#include "actors/cluster_node.hpp"
#include "actors/cluster_view.hpp"
#include "actors/status_cache.hpp"
#include "common/clock.hpp"
#include "messages/error.hpp"
#include "messages/status_json.hpp"
#include "tests/support/deterministic_fixture.hpp"

#include <caf/event_based_actor.hpp>

using namespace std::chrono_literals;

namespace hummel {
namespace {

snapshot_ptr make_snap(uint32_t index, std::string name,
                       process_status status = process_status::running) {
  auto x = std::make_shared<process_snapshot>();
  x->index = index;
  x->name = std::move(name);
  x->status = status;
  return x;
}

/// A peer's sink that keeps what it hears.
node_sink_actor::behavior_type sink(node_sink_actor::pointer,
                                    std::vector<node_delta>* got) {
  return {[got](atom::delta, const node_delta& d) { got->push_back(d); }};
}

class cluster_node_test : public test::deterministic_fixture {
protected:
  cluster_node_test() {
    cluster_node_config nc;
    nc.cell = &cell;
    nc.cache = cache;
    node = sys.spawn(cluster_node, nc);
    run();
    self->send(cache, atom::update_v, make_snap(0, "web"));
    run();
  }

  ~cluster_node_test() override {
    // The keep-alive timer would keep the node alive forever.
    self->send_exit(node, caf::exit_reason::user_shutdown);
    self->send_exit(cache, caf::exit_reason::user_shutdown);
    run();
  }

  view_cell<status_view> cell{make_empty_view("n1")};
  status_cache_actor cache = sys.spawn(status_cache, &cell, "n1");
  cluster_node_actor node;
  std::vector<node_delta> got;
};

TEST_F(cluster_node_test, a_subscriber_gets_the_view_then_the_deltas) {
  auto s = sys.spawn(sink, &got);
  auto view = request<node_view>(caf::actor_cast<node_actor>(node),
                                 atom::subscribe_v, s);
  ASSERT_TRUE(view) << sys.render(view.error());
  EXPECT_EQ(view->node, "n1");
  EXPECT_EQ(view->version, 1u);
  ASSERT_EQ(view->processes.size(), 1u);
  EXPECT_EQ(view->processes[0].name, "web");
  EXPECT_FALSE(view->remote_control);
  self->send(cache, atom::update_v,
             make_snap(0, "web", process_status::failed));
  run();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].from_version, 1u);
  EXPECT_EQ(got[0].to_version, 2u);
  ASSERT_EQ(got[0].changed.size(), 1u);
  EXPECT_EQ(got[0].changed[0].status, process_status::failed);
}

TEST_F(cluster_node_test, subscribers_hear_a_keepalive_every_second) {
  auto s = sys.spawn(sink, &got);
  ASSERT_TRUE(request<node_view>(caf::actor_cast<node_actor>(node),
                                 atom::subscribe_v, s));
  advance_time(1s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].from_version, got[0].to_version);
  EXPECT_TRUE(got[0].changed.empty());
}

TEST_F(cluster_node_test, a_sink_that_subscribes_again_hears_each_delta_once) {
  // A link that gave up on a slow answer subscribes again over the same
  // connection with the same sink.
  auto s = sys.spawn(sink, &got);
  auto n = caf::actor_cast<node_actor>(node);
  ASSERT_TRUE(request<node_view>(n, atom::subscribe_v, s));
  ASSERT_TRUE(request<node_view>(n, atom::subscribe_v, s));
  self->send(cache, atom::update_v,
             make_snap(0, "web", process_status::failed));
  run();
  EXPECT_EQ(got.size(), 1u);
  advance_time(1s);
  EXPECT_EQ(got.size(), 2u) << "one keep-alive";
}

TEST_F(cluster_node_test, remote_control_is_refused_unless_allowed) {
  auto r
    = request<process_snapshot>(caf::actor_cast<node_actor>(node), atom::stop_v,
                                std::string{"web"}, std::string{"n9"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category(), caf::atom("hummel"));
  EXPECT_EQ(static_cast<ec>(r.error().code()), ec::not_permitted);
  EXPECT_NE(sys.render(r.error()).find("does not allow remote control"),
            std::string::npos)
    << sys.render(r.error());
}

class cluster_view_test : public test::deterministic_fixture {
protected:
  cluster_view_test() {
    cluster_view_config vc;
    vc.local = &local;
    vc.cell = &cell;
    vc.cache = cache;
    vc.peers = {"127.0.0.1:1"};
    // No connector: every connect fails at once; retries wait on the
    // (fake) clock.
    viewer = sys.spawn(cluster_viewer, vc);
    run();
  }

  ~cluster_view_test() override {
    // Links wait for their retry timer; the viewer ends them.
    self->send_exit(viewer, caf::exit_reason::user_shutdown);
    self->send_exit(cache, caf::exit_reason::user_shutdown);
    run();
  }

  peer_report linked_report(uint64_t version, process_status st) {
    peer_report r;
    r.slot = 0;
    r.entry.name = "peer";
    r.entry.address = "127.0.0.1:1";
    r.entry.state = link_state::linked;
    r.entry.last_heard_ms = 1234;
    auto v = std::make_shared<status_view>();
    v->version = version;
    v->node = "peer";
    v->processes = v->processes.push_back(make_snap(0, "db", st));
    v->names = std::make_shared<const name_index>(name_index{{"db", 0}});
    r.entry.view = v;
    r.origin_ms = {wall_ms()};
    return r;
  }

  view_cell<status_view> local{make_empty_view("me")};
  view_cell<cluster_view> cell{
    local.with([](const auto& v) { return make_local_cluster_view(v, ""); })};
  status_cache_actor cache = sys.spawn(status_cache, &local, "me");
  cluster_view_actor viewer;
};

TEST_F(cluster_view_test, starts_with_this_node_and_a_connecting_peer) {
  auto v = cell.read();
  ASSERT_EQ(v->nodes.size(), 2u);
  EXPECT_EQ(v->nodes[0].name, "me");
  EXPECT_EQ(v->nodes[0].state, link_state::local);
  EXPECT_EQ(v->nodes[1].address, "127.0.0.1:1");
  EXPECT_EQ(v->nodes[1].state, link_state::connecting);
  EXPECT_FALSE(v->nodes[1].error.empty()) << "the failed connect says why";
  EXPECT_EQ(v->nodes[1].view, nullptr);
}

TEST_F(cluster_view_test, merges_local_changes_and_peer_reports) {
  self->send(cache, atom::update_v, make_snap(0, "web"));
  self->send(viewer, atom::report_v, linked_report(3, process_status::running));
  run();
  auto v = cell.read();
  ASSERT_NE(v->nodes[0].view, nullptr);
  EXPECT_NE(v->nodes[0].view->find("web"), nullptr);
  const auto* peer = v->find("peer");
  ASSERT_NE(peer, nullptr);
  EXPECT_EQ(peer, v->find("127.0.0.1:1")) << "found by name or address";
  EXPECT_EQ(peer->state, link_state::linked);
  EXPECT_EQ(peer->view->find("db")->status, process_status::running);
  EXPECT_EQ(v->propagation.count, 1u);
}

TEST_F(cluster_view_test, a_lost_peer_keeps_its_last_view_marked_stale) {
  self->send(viewer, atom::report_v, linked_report(3, process_status::running));
  run();
  auto stale = linked_report(3, process_status::running);
  stale.entry.state = link_state::stale;
  stale.entry.error = "the connection broke";
  stale.origin_ms.clear();
  self->send(viewer, atom::report_v, stale);
  run();
  auto v = cell.read();
  const auto* peer = v->find("peer");
  ASSERT_NE(peer, nullptr);
  EXPECT_EQ(peer->state, link_state::stale);
  EXPECT_EQ(peer->last_heard_ms, 1234);
  ASSERT_NE(peer->view, nullptr);
  EXPECT_EQ(peer->view->find("db")->status, process_status::running);
}

TEST_F(cluster_view_test, commands_for_unknown_or_unlinked_nodes_fail_clearly) {
  auto r = request<process_snapshot>(viewer, atom::stop_v, std::string{"nope"},
                                     std::string{"db"});
  ASSERT_FALSE(r);
  EXPECT_EQ(static_cast<ec>(r.error().code()), ec::unreachable);
  auto r2 = request<process_snapshot>(
    viewer, atom::stop_v, std::string{"127.0.0.1:1"}, std::string{"db"});
  ASSERT_FALSE(r2);
  EXPECT_EQ(static_cast<ec>(r2.error().code()), ec::unreachable);
  EXPECT_NE(sys.render(r2.error()).find("not linked"), std::string::npos)
    << sys.render(r2.error());
}

TEST(latency_histogram, percentiles_within_a_tenth_of_a_millisecond) {
  latency_histogram h;
  for (int i = 1; i <= 1000; ++i)
    h.add(i * 0.01); // 0.01 .. 10 ms
  auto s = h.stats();
  EXPECT_EQ(s.count, 1000u);
  EXPECT_NEAR(s.p50_ms, 5.0, 0.11);
  EXPECT_NEAR(s.p99_ms, 9.9, 0.11);
  EXPECT_DOUBLE_EQ(s.max_ms, 10.0);
  latency_histogram big;
  big.add(5000); // beyond the last bucket: counted, max kept
  EXPECT_DOUBLE_EQ(big.stats().p99_ms, 5000);
}

} // namespace
} // namespace hummel
