// The CLUSTER VIEW with its real CLUSTER LINK, linked through the
// stand-in connector to a stand-in CLUSTER NODE (no network): what the
// links' reports turn into in the published cluster view, remote commands
// through the link, coalesced publishes, and the end of the links.
// (Merging hand-made reports: cluster_actors_test.cpp.)

#include "actors/cluster_view.hpp"
#include "actors/status_cache.hpp"
#include "tests/actors/cluster_link_fixture.hpp"

using namespace std::chrono_literals;

namespace hummel {
namespace {

using test::wire_delta;
using test::wire_snap;

class cluster_view_link_test : public test::deterministic_fixture {
protected:
  ~cluster_view_link_test() override {
    for (const auto& x : {caf::actor_cast<caf::actor>(viewer),
                          caf::actor_cast<caf::actor>(cache),
                          caf::actor_cast<caf::actor>(node), connector})
      if (x)
        self->send_exit(x, caf::exit_reason::user_shutdown);
    run();
  }

  /// Spawns the CLUSTER VIEW with one peer, reached through the stand-ins.
  void start(bool tls) {
    node = sys.spawn(test::stand_in_node, &ns);
    conn.node = caf::actor_cast<caf::strong_actor_ptr>(node);
    connector = sys.spawn(test::stand_in_connector, &conn);
    cluster_view_config vc;
    vc.local = &local;
    vc.cell = &cell;
    vc.cache = cache;
    vc.tls = tls;
    vc.peers = {"peer.test:7000"};
    vc.link.tls = tls;
    vc.link.connector = caf::actor_cast<caf::io::middleman_actor>(connector);
    viewer = sys.spawn(cluster_viewer, std::move(vc));
    run();
  }

  /// The node sends `d` to its subscribers.
  void push(node_delta d) {
    self->send(node, atom::delta_v, std::move(d));
    run();
  }

  int64_t now_ms() {
    return detail::wall_ms(self.ptr());
  }

  view_cell<status_view> local{make_empty_view("me")};
  view_cell<cluster_view> cell{
    local.with([](const auto& v) { return make_local_cluster_view(v, ""); })};
  status_cache_actor cache = sys.spawn(status_cache, &local, "me");
  test::node_script ns;
  test::connector_script conn;
  test::stand_in_node_actor node;
  caf::actor connector;
  cluster_view_actor viewer;
};

TEST_F(cluster_view_link_test, a_linked_peer_is_published_under_its_name) {
  advance_time(4s);
  start(false);
  auto v = cell.read();
  ASSERT_EQ(v->nodes.size(), 2u);
  const auto* peer = v->find("n2");
  ASSERT_NE(peer, nullptr) << "the name the node answered";
  EXPECT_EQ(peer, v->find("peer.test:7000")) << "and still its address";
  EXPECT_EQ(peer->state, link_state::linked);
  EXPECT_EQ(peer->last_heard_ms, now_ms());
  ASSERT_NE(peer->view, nullptr);
  EXPECT_NE(peer->view->find("db"), nullptr);
  EXPECT_EQ(v->built_ms, now_ms()) << "built on the actor's clock";
  EXPECT_EQ(v->nodes[0].last_heard_ms, now_ms());
}

TEST_F(cluster_view_link_test, a_lost_peer_is_published_stale_then_relinked) {
  start(false);
  push(wire_delta(5, 6, {wire_snap(1, "db", process_status::failed)}));
  auto heard = now_ms();
  advance_time(2s);
  conn.how = test::connector_script::answer::refuse;
  self->send_exit(node, caf::exit_reason::user_shutdown);
  run();
  auto v = cell.read();
  const auto* peer = v->find("n2");
  ASSERT_NE(peer, nullptr) << "still found by the name it had";
  EXPECT_EQ(peer->state, link_state::stale);
  EXPECT_EQ(peer->last_heard_ms, heard);
  EXPECT_EQ(peer->view->find("db")->status, process_status::failed);
  node = sys.spawn(test::stand_in_node, &ns);
  conn.node = caf::actor_cast<caf::strong_actor_ptr>(node);
  conn.how = test::connector_script::answer::node;
  advance_time(1s);
  auto again = cell.read(); // the earlier guard pins the older view
  peer = again->find("n2");
  EXPECT_EQ(peer->state, link_state::linked);
  EXPECT_EQ(peer->view->find("db")->status, process_status::running);
}

TEST_F(cluster_view_link_test, propagation_counts_applied_versions_only) {
  start(false);
  auto origin = now_ms();
  push(wire_delta(5, 6, {wire_snap(1, "db", process_status::failed)}, origin));
  push(wire_delta(6, 7, {wire_snap(1, "db")}, origin));
  push(wire_delta(7, 7)); // keep-alive
  push(wire_delta(6, 7)); // old
  auto v = cell.read();
  EXPECT_EQ(v->propagation.count, 2u);
  EXPECT_EQ(v->find("n2")->view->version, 7u);
}

TEST_F(cluster_view_link_test, a_burst_of_reports_is_published_once) {
  start(false);
  auto version = cell.with([](const auto& v) { return v.version; });
  for (uint64_t i = 0; i < 3; ++i) {
    peer_report r;
    r.entry.name = "n2";
    r.entry.address = "peer.test:7000";
    r.entry.state = link_state::linked;
    r.entry.last_heard_ms = static_cast<int64_t>(i);
    self->send(viewer, atom::report_v, std::move(r));
  }
  run();
  auto v = cell.read();
  EXPECT_EQ(v->version, version + 1);
  EXPECT_EQ(v->find("n2")->last_heard_ms, 2) << "the last report wins";
}

TEST_F(cluster_view_link_test, a_report_for_an_unknown_slot_is_ignored) {
  start(false);
  auto before = cell.read();
  peer_report r;
  r.slot = 7;
  r.entry.name = "ghost";
  self->send(viewer, atom::report_v, std::move(r));
  run();
  auto v = cell.read();
  EXPECT_EQ(v->version, before->version) << "nothing to publish";
  EXPECT_EQ(v->nodes.size(), 2u);
  EXPECT_EQ(v->find("ghost"), nullptr);
}

TEST_F(cluster_view_link_test, commands_reach_a_tls_peer_by_name_or_address) {
  start(true);
  auto r = request<process_snapshot>(viewer, atom::stop_v, std::string{"n2"},
                                     std::string{"web"});
  ASSERT_TRUE(r) << sys.render(r.error());
  EXPECT_EQ(r->name, "web");
  auto r2 = request<process_snapshot>(
    viewer, atom::restart_v, std::string{"peer.test:7000"}, std::string{"db"});
  ASSERT_TRUE(r2) << sys.render(r2.error());
  EXPECT_EQ(ns.commands, (std::vector<std::string>{"stop web", "restart db"}));
  // Each command names the node that ordered it (this one, "me").
  EXPECT_EQ(ns.origins, (std::vector<std::string>{"me", "me"}));
}

TEST_F(cluster_view_link_test, a_plain_link_refuses_remote_control) {
  start(false);
  auto r = request<process_snapshot>(viewer, atom::run_v, std::string{"n2"},
                                     std::string{"web"});
  ASSERT_FALSE(r);
  EXPECT_EQ(static_cast<ec>(r.error().code()), ec::not_permitted);
  EXPECT_TRUE(ns.commands.empty()) << "never sent to the node";
}

TEST_F(cluster_view_link_test, a_command_the_node_never_answers_times_out) {
  start(true);
  ns.hold_commands = true;
  auto h = self->request(viewer, caf::infinite, atom::stop_v, std::string{"n2"},
                         std::string{"web"});
  run();
  ASSERT_EQ(ns.commands.size(), 1u);
  advance_time(20s); // the link's command timeout
  caf::error err;
  std::move(h).receive([](process_snapshot&) {},
                       [&](caf::error& x) { err = std::move(x); });
  EXPECT_EQ(err, caf::sec::request_timeout) << sys.render(err);
  EXPECT_EQ(cell.with([](const auto& v) { return v.find("n2")->state; }),
            link_state::linked)
    << "a slow command does not drop the link";
}

TEST_F(cluster_view_link_test, shutdown_ends_every_link) {
  start(false);
  ASSERT_EQ(ns.sinks_down, 0);
  auto done = request<bool>(viewer, atom::shutdown_v);
  ASSERT_TRUE(done && *done);
  run();
  EXPECT_EQ(ns.sinks_down, 1) << "the node saw its subscriber go";
  auto r = request<process_snapshot>(viewer, atom::stop_v, std::string{"n2"},
                                     std::string{"web"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category(), caf::atom("hummel")) << sys.render(r.error());
  EXPECT_EQ(static_cast<ec>(r.error().code()), ec::unreachable);
}

} // namespace
} // namespace hummel
