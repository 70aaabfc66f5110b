// The CLUSTER VIEW bounds the epoch backlog a stuck reader can cause, as
// the STATUS CACHE does: it defers publishes while too many retired objects
// wait, merges the peers' reports meanwhile and publishes once the backlog
// drains. On CAF's test coordinator.
#include "actors/cluster_view.hpp"
#include "actors/status_cache.hpp"
#include "common/clock.hpp"
#include "tests/support/deterministic_fixture.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>

namespace hummel {
namespace {

class cluster_view_backlog_test : public test::deterministic_fixture {
protected:
  cluster_view_backlog_test() {
    cluster_view_config vc;
    vc.local = &local;
    vc.cell = &cell;
    vc.cache = cache;
    vc.spawn_links = false; // this test sends the links' reports itself
    vc.peers = {"10.0.0.1:7000"};
    viewer = sys.spawn(cluster_viewer, vc);
    run();
  }

  ~cluster_view_backlog_test() override {
    self->send_exit(viewer, caf::exit_reason::user_shutdown);
    self->send_exit(cache, caf::exit_reason::user_shutdown);
    run();
  }

  /// A report of peer slot 0 (the one configured peer) with `n` processes.
  void report(uint32_t n) {
    peer_report r;
    r.slot = 0;
    r.entry.name = "peer";
    r.entry.address = "10.0.0.1:7000";
    r.entry.state = link_state::linked;
    auto view = std::make_shared<status_view>();
    view->node = "peer";
    view->version = n;
    r.entry.view = std::move(view);
    r.origin_ms.push_back(wall_ms());
    self->send(viewer, atom::report_v, r);
    run();
  }

  uint64_t version() const {
    return cell.with([](const cluster_view& v) { return v.version; });
  }

  uint64_t peer_version() const {
    return cell.with([](const cluster_view& v) {
      const auto* n = v.find("peer");
      return n && n->view ? n->view->version : 0;
    });
  }

  view_cell<status_view> local{make_empty_view("here")};
  view_cell<cluster_view> cell{
    local.with([](const auto& v) { return make_local_cluster_view(v, ""); })};
  view_cell<int> junk{std::make_unique<const int>(0)};
  status_cache_actor cache = sys.spawn(status_cache, &local, "here");
  cluster_viewer_actor viewer;
};

TEST_F(cluster_view_backlog_test, defers_publishing_while_a_reader_is_stuck) {
  ASSERT_TRUE(epoch::synchronize());
  const auto before = version();
  const auto deferred_before = deferred_publishes();
  {
    auto pin = cell.read(); // the stuck reader (this thread)
    for (uint64_t k = 0; k <= default_max_backlog; ++k)
      junk.publish(std::make_unique<const int>(static_cast<int>(k)));
    report(1);
    report(2);
    EXPECT_EQ(version(), before) << "nothing published over the limit";
    advance_time(backlog_retry); // retried, still over the limit
    report(3);
    EXPECT_EQ(version(), before);
  }
  EXPECT_GE(deferred_publishes() - deferred_before, 2u);
  // The reader let go: the backlog drains, the next retry publishes once,
  // with the newest report merged.
  ASSERT_TRUE(epoch::synchronize());
  advance_time(backlog_retry);
  EXPECT_EQ(version(), before + 1) << "three reports, one merged publish";
  EXPECT_EQ(peer_version(), 3u);
  EXPECT_EQ(
    cell.with([](const cluster_view& v) { return v.propagation.count; }), 3u)
    << "every latency sample taken at the publish";
}

TEST_F(cluster_view_backlog_test, a_pinned_reader_keeps_the_backlog_bounded) {
  ASSERT_TRUE(epoch::synchronize());
  uint64_t peak = 0;
  {
    auto pin = cell.read();
    for (uint32_t k = 1; k <= 3000; ++k) {
      report(k);
      peak = std::max(peak, epoch::backlog());
    }
  }
  // Before the bound every report retired one view: 3,000 waited.
  EXPECT_LE(peak, default_max_backlog + 1);
  ASSERT_TRUE(epoch::synchronize());
  advance_time(backlog_retry);
  EXPECT_EQ(peer_version(), 3000u) << "the newest report is published";
}

} // namespace
} // namespace hummel
