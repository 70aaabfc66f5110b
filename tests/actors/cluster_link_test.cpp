// The CLUSTER LINK against a stand-in CLUSTER NODE on the test coordinator:
// the full view on subscribe, versioned deltas (in order, old ones
// dropped, a gap resynchronises), keep-alives, and the last-heard time on
// the fake clock. Failures and backoff: cluster_link_retry_test.cpp.

#include "tests/actors/cluster_link_fixture.hpp"

#include <algorithm>

using namespace std::chrono_literals;

namespace hummel {
namespace {

using test::wire_delta;
using test::wire_snap;

class cluster_link_test : public test::cluster_link_fixture {};

TEST_F(cluster_link_test, links_with_the_full_view_the_node_answers) {
  advance_time(7s); // last_heard must come from the fake clock
  auto linked_at = now_ms();
  start_link();
  ASSERT_EQ(conn.asked_ms.size(), 1u);
  EXPECT_EQ(conn.host, "peer.test");
  EXPECT_EQ(conn.port, 7000);
  EXPECT_EQ(ns.subscribes, 1);
  EXPECT_EQ(ns.status_requests, 0);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().slot, 0u);
  const auto& e = last();
  EXPECT_EQ(e.name, "n2") << "the node's own name replaces the address";
  EXPECT_EQ(e.address, "peer.test:7000");
  EXPECT_EQ(e.state, link_state::linked);
  EXPECT_TRUE(e.error.empty()) << e.error;
  EXPECT_EQ(e.last_heard_ms, linked_at);
  ASSERT_NE(e.view, nullptr);
  EXPECT_EQ(e.view->version, 5u);
  EXPECT_EQ(e.view->size(), 2u);
  ASSERT_NE(e.view->find("db"), nullptr);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_FALSE(logs[0].first);
  EXPECT_NE(logs[0].second.find("linked to n2 at peer.test:7000"),
            std::string::npos)
    << logs[0].second;
}

TEST_F(cluster_link_test, reports_the_address_while_connecting) {
  conn.how = test::connector_script::answer::hold;
  start_link();
  EXPECT_TRUE(reports.empty()) << "nothing to say before an answer";
  advance_time(5s);
  const auto& e = last();
  EXPECT_EQ(e.name, "peer.test:7000");
  EXPECT_EQ(e.state, link_state::connecting);
  EXPECT_EQ(e.view, nullptr);
  EXPECT_EQ(e.last_heard_ms, 0) << "never heard from";
}

TEST_F(cluster_link_test, applies_versioned_deltas_in_order) {
  start_link();
  auto before = reports.size();
  push(wire_delta(5, 6, {wire_snap(1, "db", process_status::failed)}, 111));
  push(wire_delta(6, 7, {wire_snap(2, "cache")}, 222));
  ASSERT_EQ(reports.size(), before + 2) << "one report per applied version";
  EXPECT_EQ(reports[before].origin_ms, std::vector<int64_t>{111});
  EXPECT_EQ(reports[before + 1].origin_ms, std::vector<int64_t>{222});
  const auto& v = last().view;
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->version, 7u);
  EXPECT_EQ(v->size(), 3u);
  EXPECT_EQ(v->find("db")->status, process_status::failed);
  EXPECT_EQ(v->find("web")->status, process_status::running);
  EXPECT_EQ(ns.status_requests, 0) << "no resync needed";
}

TEST_F(cluster_link_test, drops_deltas_the_view_already_contains) {
  start_link();
  auto before = reports.size();
  // Sent before the node read the view it answered: already contained.
  push(wire_delta(4, 5, {wire_snap(0, "web", process_status::failed, 9)}));
  push(wire_delta(3, 4, {wire_snap(0, "web", process_status::failed, 8)}));
  EXPECT_EQ(reports.size(), before) << "an old delta changes nothing";
  EXPECT_EQ(ns.status_requests, 0) << "an old delta is no gap";
  push(wire_delta(5, 6, {wire_snap(1, "db", process_status::stopped)}));
  const auto& v = last().view;
  EXPECT_EQ(v->version, 6u);
  EXPECT_EQ(v->find("web")->status, process_status::running);
  EXPECT_EQ(v->find("web")->restarts, 0u) << "never applied";
  EXPECT_EQ(v->find("db")->status, process_status::stopped);
}

TEST_F(cluster_link_test, a_gap_fetches_the_full_view_once) {
  start_link();
  ns.view.version = 9;
  ns.view.processes
    = {wire_snap(0, "web", process_status::failed), wire_snap(1, "queue")};
  ns.hold_status = true;
  push(wire_delta(6, 7, {wire_snap(1, "db", process_status::failed)}));
  push(wire_delta(7, 8, {wire_snap(1, "db", process_status::stopped)}));
  EXPECT_EQ(ns.status_requests, 1) << "one full-view request per gap";
  EXPECT_EQ(last().view->version, 5u) << "nothing after the gap applied";
  self->send(node, atom::flush_v); // the node answers the full view
  run();
  const auto& v = last().view;
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->version, 9u);
  EXPECT_EQ(v->size(), 2u) << "the full view replaces the replica";
  EXPECT_EQ(v->find("db"), nullptr);
  EXPECT_EQ(v->find("web")->status, process_status::failed);
  EXPECT_EQ(last().state, link_state::linked);
  push(wire_delta(9, 10, {wire_snap(1, "queue", process_status::stopped)}));
  EXPECT_EQ(last().view->version, 10u) << "deltas continue from the resync";
  EXPECT_EQ(ns.status_requests, 1);
}

TEST_F(cluster_link_test, keepalives_refresh_last_heard_on_the_fake_clock) {
  start_link();
  auto linked_at = last().last_heard_ms;
  auto before = reports.size();
  advance_time(3s);
  push(wire_delta(5, 5));
  ASSERT_EQ(reports.size(), before + 1) << "a keep-alive is reported";
  EXPECT_EQ(last().last_heard_ms, linked_at + 3000);
  EXPECT_EQ(last().last_heard_ms, now_ms());
  EXPECT_TRUE(reports.back().origin_ms.empty()) << "no version applied";
  EXPECT_EQ(last().view->version, 5u);
  EXPECT_EQ(last().state, link_state::linked);
  EXPECT_EQ(ns.status_requests, 0);
}

TEST_F(cluster_link_test, an_old_delta_still_counts_as_heard_from) {
  start_link();
  advance_time(2s);
  push(wire_delta(4, 5));
  push(wire_delta(5, 5)); // the next report shows the time
  EXPECT_EQ(last().last_heard_ms, now_ms());
}

TEST_F(cluster_link_test, deltas_from_anyone_but_the_linked_node_are_ignored) {
  start_link();
  auto before = reports.size();
  // The test's own actor, not the node the link subscribed to.
  self->send(link, atom::delta_v,
             wire_delta(5, 6, {wire_snap(0, "web", process_status::failed)}));
  run();
  EXPECT_EQ(reports.size(), before);
  push(wire_delta(5, 5));
  EXPECT_EQ(last().view->version, 5u);
  EXPECT_EQ(last().view->find("web")->status, process_status::running);
}

TEST_F(cluster_link_test, refuses_an_actor_with_another_interface) {
  conn.how = test::connector_script::answer::other_interface;
  start_link();
  EXPECT_EQ(ns.subscribes, 0);
  EXPECT_EQ(last().state, link_state::connecting);
  EXPECT_NE(last().error.find("incompatible cluster interface"),
            std::string::npos)
    << last().error;
  conn.how = test::connector_script::answer::nothing_there;
  advance_time(1s);
  EXPECT_NE(last().error.find("no cluster interface published"),
            std::string::npos)
    << last().error;
  EXPECT_EQ(ns.subscribes, 0);
}

} // namespace
} // namespace hummel
