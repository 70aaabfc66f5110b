// The versioned replica a CLUSTER LINK keeps of its peer: nothing applied
// twice, nothing missed, gaps detected.

#include "actors/detail/peer_replica.hpp"

#include <gtest/gtest.h>

namespace hummel::detail {
namespace {

process_snapshot snap(uint32_t index, std::string name,
                      process_status status = process_status::running,
                      uint32_t restarts = 0) {
  process_snapshot x;
  x.index = index;
  x.name = std::move(name);
  x.status = status;
  x.restarts = restarts;
  return x;
}

node_view view_at(uint64_t version, std::vector<process_snapshot> xs) {
  return node_view{"peer", version, 1000, false, std::move(xs)};
}

node_delta delta(uint64_t from, uint64_t to, std::vector<process_snapshot> xs) {
  return node_delta{"peer", from, to, 2000, std::move(xs), {}};
}

TEST(peer_replica, needs_a_full_view_before_deltas) {
  peer_replica r;
  EXPECT_FALSE(r.has_view());
  EXPECT_EQ(r.apply(delta(0, 1, {snap(0, "a")})), delta_outcome::no_view);
}

TEST(peer_replica, applies_consecutive_deltas) {
  peer_replica r;
  r.reset(view_at(5, {snap(0, "a"), snap(1, "b")}));
  ASSERT_EQ(r.version(), 5u);
  EXPECT_EQ(r.apply(delta(5, 6, {snap(1, "b", process_status::failed)})),
            delta_outcome::applied);
  EXPECT_EQ(r.apply(delta(6, 7, {snap(2, "c")})), delta_outcome::applied);
  auto v = r.view();
  EXPECT_EQ(v->version, 7u);
  EXPECT_EQ(v->built_ms, 2000);
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ(v->find("b")->status, process_status::failed);
  EXPECT_EQ(v->find("c")->index, 2u);
}

TEST(peer_replica, removed_indices_empty_their_slots) {
  peer_replica r;
  r.reset(view_at(5, {snap(0, "a"), snap(1, "b"), snap(2, "c")}));
  auto d = delta(5, 6, {snap(3, "d")});
  d.removed = {1};
  EXPECT_EQ(r.apply(d), delta_outcome::applied);
  auto v = r.view();
  EXPECT_EQ(v->find("b"), nullptr);
  EXPECT_EQ(v->at(1), nullptr);
  ASSERT_NE(v->find("c"), nullptr);
  EXPECT_EQ(v->find("c")->index, 2u);
  EXPECT_EQ(v->find("d")->index, 3u);
}

TEST(peer_replica, drops_deltas_the_full_view_already_contains) {
  peer_replica r;
  r.reset(view_at(5, {snap(0, "a", process_status::running, 3)}));
  // Sent before the subscription's view was read: older than the view.
  EXPECT_EQ(r.apply(delta(4, 5, {snap(0, "a", process_status::running, 2)})),
            delta_outcome::old);
  EXPECT_EQ(r.view()->find("a")->restarts, 3u) << "not applied twice";
  EXPECT_EQ(r.version(), 5u);
}

TEST(peer_replica, a_gap_is_never_applied) {
  peer_replica r;
  r.reset(view_at(5, {snap(0, "a")}));
  EXPECT_EQ(r.apply(delta(6, 7, {snap(0, "a", process_status::failed)})),
            delta_outcome::gap);
  EXPECT_EQ(r.version(), 5u);
  EXPECT_EQ(r.view()->find("a")->status, process_status::running);
  // After a resync the deltas continue from the new view.
  r.reset(view_at(7, {snap(0, "a", process_status::failed)}));
  EXPECT_EQ(r.apply(delta(7, 8, {snap(0, "a", process_status::stopped)})),
            delta_outcome::applied);
  EXPECT_EQ(r.view()->find("a")->status, process_status::stopped);
}

TEST(peer_replica, keepalives_change_nothing) {
  peer_replica r;
  r.reset(view_at(5, {snap(0, "a")}));
  auto before = r.view();
  EXPECT_EQ(r.apply(delta(9, 9, {})), delta_outcome::keepalive);
  EXPECT_EQ(r.view(), before);
}

TEST(peer_replica, a_resync_replaces_everything) {
  peer_replica r;
  r.reset(view_at(5, {snap(0, "a"), snap(1, "b"), snap(2, "adhoc")}));
  // The peer restarted: a new daemon with fewer processes, version 1.
  r.reset(view_at(1, {snap(0, "a"), snap(1, "b")}));
  EXPECT_EQ(r.view()->size(), 2u);
  EXPECT_EQ(r.view()->find("adhoc"), nullptr) << "no stale duplicate";
  EXPECT_EQ(r.apply(delta(1, 2, {snap(1, "b", process_status::stopped)})),
            delta_outcome::applied);
}

TEST(peer_replica, views_are_shared_not_copied) {
  peer_replica r;
  std::vector<process_snapshot> many;
  for (uint32_t i = 0; i < 1000; ++i)
    many.push_back(snap(i, "p" + std::to_string(i)));
  r.reset(view_at(1, many));
  auto v1 = r.view();
  r.apply(delta(1, 2, {snap(7, "p7", process_status::failed)}));
  auto v2 = r.view();
  // Untouched processes are the same objects in both versions.
  EXPECT_EQ(v1->at(500), v2->at(500));
  EXPECT_NE(v1->at(7), v2->at(7));
  EXPECT_EQ(v1->at(7)->status, process_status::running);
}

} // namespace
} // namespace hummel::detail
