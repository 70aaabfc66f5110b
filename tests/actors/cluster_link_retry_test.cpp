// The CLUSTER LINK when things fail, on the fake clock: DOWN of the node
// keeps the last view marked stale, reconnects back off 1 s, 2 s, 4 s ...
// 30 s and reset once linked, every request times out, and answers or
// timeouts of a superseded attempt change nothing (no doubled retries).

#include "tests/actors/cluster_link_fixture.hpp"

using namespace std::chrono_literals;

namespace hummel {
namespace {

using answer = test::connector_script::answer;
using test::wire_delta;
using test::wire_snap;

class cluster_link_retry_test : public test::cluster_link_fixture {};

TEST_F(cluster_link_retry_test, down_of_the_node_keeps_its_view_stale) {
  start_link();
  advance_time(2s);
  push(wire_delta(5, 5)); // last heard now
  auto heard = now_ms();
  advance_time(3s);
  conn.how = answer::refuse;
  kill_node();
  const auto& e = last();
  EXPECT_EQ(e.state, link_state::stale);
  EXPECT_EQ(e.last_heard_ms, heard) << "the time it was last heard from";
  ASSERT_NE(e.view, nullptr) << "the last view is kept";
  EXPECT_EQ(e.view->version, 5u);
  EXPECT_NE(e.view->find("web"), nullptr);
  EXPECT_NE(e.error.find("its cluster interface ended"), std::string::npos)
    << e.error;
  EXPECT_EQ(warnings(), 1u);
  EXPECT_NE(logs.back().second.find("lost n2 at peer.test:7000"),
            std::string::npos)
    << logs.back().second;
  // Reconnect attempts that fail keep it stale, with the same view.
  advance_seconds(3);
  EXPECT_EQ(conn.asked_ms.size(), 3u);
  EXPECT_EQ(last().state, link_state::stale);
  EXPECT_EQ(last().last_heard_ms, heard);
  EXPECT_EQ(last().view->version, 5u);
  EXPECT_EQ(warnings(), 1u) << "logged once per failure streak";
}

TEST_F(cluster_link_retry_test, a_broken_connection_says_so) {
  start_link();
  conn.how = answer::refuse;
  kill_node(caf::exit_reason::remote_link_unreachable);
  EXPECT_EQ(last().state, link_state::stale);
  EXPECT_NE(last().error.find("connection broke or went silent"),
            std::string::npos)
    << last().error;
}

TEST_F(cluster_link_retry_test, backoff_doubles_up_to_thirty_seconds) {
  conn.how = answer::refuse;
  start_link();
  EXPECT_EQ(last().state, link_state::connecting);
  EXPECT_NE(last().error.find("cannot connect (refused or unreachable)"),
            std::string::npos)
    << last().error;
  advance_seconds(121); // attempts at 0, 1, 3, 7, 15, 31, 61, 91, 121 s
  std::vector<int64_t> want{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
  EXPECT_EQ(connect_gaps(), want);
  EXPECT_EQ(warnings(), 1u) << "logged once per failure streak";
}

TEST_F(cluster_link_retry_test, backoff_resets_once_linked) {
  conn.how = answer::refuse;
  start_link();
  advance_seconds(3); // attempts at 0, 1, 3 s; the next waits 4 s
  ASSERT_EQ(conn.asked_ms.size(), 3u);
  conn.how = answer::node;
  advance_seconds(4);
  ASSERT_EQ(last().state, link_state::linked);
  // A failure on the live link (not a DOWN, which resets by itself): the
  // full-view request times out.
  conn.how = answer::refuse;
  ns.hold_status = true;
  push(wire_delta(6, 7)); // a gap
  auto asked = conn.asked_ms.size();
  advance_seconds(5);
  EXPECT_EQ(last().state, link_state::stale);
  EXPECT_NE(last().error.find("no answer within 5000 ms"), std::string::npos)
    << last().error;
  auto failed_at = now_ms();
  advance_seconds(3);
  ASSERT_EQ(conn.asked_ms.size(), asked + 2);
  EXPECT_EQ(conn.asked_ms[asked] - failed_at, 1000) << "not 8 s";
  EXPECT_EQ(conn.asked_ms[asked + 1] - failed_at, 3000);
  EXPECT_EQ(warnings(), 2u) << "a new streak after the link is logged";
}

TEST_F(cluster_link_retry_test,
       a_connect_without_answer_times_out_and_retries) {
  conn.how = answer::hold;
  start_link();
  advance_seconds(4);
  EXPECT_TRUE(reports.empty()) << "still waiting for the middleman";
  advance_seconds(1);
  EXPECT_EQ(last().state, link_state::connecting);
  EXPECT_NE(last().error.find("no answer within 5000 ms"), std::string::npos)
    << last().error;
  advance_seconds(1);
  EXPECT_EQ(connect_gaps(), (std::vector<int64_t>{6000}));
}

TEST_F(cluster_link_retry_test, a_late_connect_answer_is_ignored) {
  conn.how = answer::hold;
  start_link();
  advance_seconds(6); // attempt 1 timed out, attempt 2 is waiting
  ASSERT_EQ(conn.asked_ms.size(), 2u);
  self->send(connector, atom::flush_v); // answers both, the old one late
  run();
  EXPECT_EQ(ns.subscribes, 1) << "only the current attempt subscribes";
  EXPECT_EQ(last().state, link_state::linked);
  advance_seconds(60);
  EXPECT_EQ(conn.asked_ms.size(), 2u) << "no retry once linked";
  EXPECT_EQ(ns.subscribes, 1);
}

TEST_F(cluster_link_retry_test, a_subscribe_without_answer_times_out) {
  request_timeout = 2s;
  ns.hold_subscribe = true;
  start_link();
  EXPECT_EQ(ns.subscribes, 1);
  advance_seconds(1);
  EXPECT_TRUE(reports.empty());
  advance_seconds(1);
  EXPECT_EQ(last().state, link_state::connecting);
  EXPECT_EQ(last().view, nullptr);
  EXPECT_NE(last().error.find("no answer within 2000 ms"), std::string::npos)
    << "names the subscribe's own timeout: " << last().error;
  ns.hold_subscribe = false;
  advance_seconds(1);
  EXPECT_EQ(ns.subscribes, 2);
  EXPECT_EQ(last().state, link_state::linked);
  auto before = reports.size();
  self->send(node, atom::flush_v); // the first subscribe answers, late
  run();
  EXPECT_EQ(reports.size(), before) << "the late answer changes nothing";
  EXPECT_EQ(conn.asked_ms.size(), 2u);
}

TEST_F(cluster_link_retry_test, a_timeout_after_down_does_not_double_retries) {
  start_link();
  ns.hold_status = true;
  push(wire_delta(6, 7)); // a gap: the full-view request stays unanswered
  ASSERT_EQ(ns.status_requests, 1);
  conn.how = answer::refuse;
  auto down_at = now_ms();
  kill_node();
  // The old full-view request times out 5 s later: it must not fail the
  // link a second time and start a second chain of retries.
  advance_seconds(40);
  std::vector<int64_t> at;
  for (auto t : conn.asked_ms)
    at.push_back(t - down_at);
  EXPECT_EQ(at, (std::vector<int64_t>{0, 1000, 3000, 7000, 15000, 31000}));
  EXPECT_EQ(warnings(), 1u);
}

TEST_F(cluster_link_retry_test, a_node_given_up_on_cannot_refresh_the_entry) {
  start_link();
  ns.hold_status = true;
  push(wire_delta(6, 7)); // a gap
  conn.how = answer::refuse;
  advance_seconds(5); // the full-view request times out; the node lives on
  ASSERT_EQ(last().state, link_state::stale);
  auto heard = last().last_heard_ms;
  advance_seconds(2); // one refused retry
  auto before = reports.size();
  push(wire_delta(5, 6, {wire_snap(0, "web", process_status::failed)}));
  push(wire_delta(6, 6));
  EXPECT_EQ(reports.size(), before) << "nothing reported for them";
  EXPECT_EQ(last().state, link_state::stale);
  EXPECT_EQ(last().last_heard_ms, heard);
  EXPECT_EQ(last().view->version, 5u);
  EXPECT_EQ(last().view->find("web")->status, process_status::running);
}

TEST_F(cluster_link_retry_test, relinking_subscribes_again_and_resets_state) {
  start_link();
  push(wire_delta(5, 6, {wire_snap(1, "db", process_status::failed)}));
  ns.view.version = 20;
  ns.view.processes = {wire_snap(0, "web")};
  kill_node();
  advance_seconds(1);
  EXPECT_EQ(ns.subscribes, 2);
  const auto& e = last();
  EXPECT_EQ(e.state, link_state::linked);
  EXPECT_TRUE(e.error.empty()) << e.error;
  EXPECT_EQ(e.view->version, 20u) << "the new subscription's view";
  EXPECT_EQ(e.view->size(), 1u);
  EXPECT_EQ(e.last_heard_ms, now_ms());
}

} // namespace
} // namespace hummel
