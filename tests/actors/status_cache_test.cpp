#include "actors/status_cache.hpp"

#include "tests/support/deterministic_fixture.hpp"

#include <caf/event_based_actor.hpp>

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

/// Collects deltas for the test to inspect.
struct delta_log {
  std::vector<status_delta> deltas;
};

status_subscriber_actor::behavior_type
collector(status_subscriber_actor::pointer, delta_log* log) {
  return {
    [log](atom::delta, const status_delta& d) { log->deltas.push_back(d); },
  };
}

class status_cache_test : public test::deterministic_fixture {
protected:
  status_cache_test() {
    run();
  }

  view_cell<status_view> cell{make_empty_view("test-node")};
  status_cache_actor aut = sys.spawn(status_cache, &cell, "test-node");
};

TEST_F(status_cache_test, starts_with_an_empty_view) {
  auto view = cell.read();
  EXPECT_EQ(view->version, 0u);
  EXPECT_EQ(view->size(), 0u);
  EXPECT_EQ(view->find("web"), nullptr);
}

TEST_F(status_cache_test, coalesces_a_burst_of_updates_into_one_publish) {
  for (uint32_t i = 0; i < 3; ++i)
    self->send(aut, atom::update_v, make_snap(i, "p" + std::to_string(i)));
  run();
  auto view = cell.read();
  EXPECT_EQ(view->version, 1u) << "three updates, one publish";
  ASSERT_EQ(view->size(), 3u);
  EXPECT_EQ(view->find("p1")->index, 1u);
  EXPECT_EQ(view->node, "test-node");
}

TEST_F(status_cache_test, later_snapshots_replace_earlier_ones) {
  self->send(aut, atom::update_v, make_snap(0, "web"));
  run();
  self->send(aut, atom::update_v, make_snap(0, "web", process_status::failed));
  run();
  auto view = cell.read();
  EXPECT_EQ(view->version, 2u);
  EXPECT_EQ(view->find("web")->status, process_status::failed);
}

TEST_F(status_cache_test, old_views_never_change_and_share_structure) {
  for (uint32_t i = 0; i < 100; ++i)
    self->send(aut, atom::update_v, make_snap(i, "p" + std::to_string(i)));
  run();
  const process_snapshot* before_5 = nullptr;
  const process_snapshot* before_6 = nullptr;
  {
    auto view = cell.read();
    before_5 = view->at(5);
    before_6 = view->at(6);
  }
  self->send(aut, atom::update_v, make_snap(5, "p5", process_status::stopped));
  run();
  auto view = cell.read();
  EXPECT_NE(view->at(5), before_5);
  EXPECT_EQ(view->at(6), before_6) << "unchanged snapshots are shared";
  EXPECT_EQ(view->at(5)->status, process_status::stopped);
}

TEST_F(status_cache_test, answers_the_message_passing_read_path) {
  self->send(aut, atom::update_v, make_snap(0, "web"));
  self->send(aut, atom::update_v, make_snap(1, "db"));
  run();
  auto one = request<snapshot_ptr>(aut, atom::status_v, std::string{"db"});
  ASSERT_TRUE(one);
  ASSERT_TRUE(*one);
  EXPECT_EQ((*one)->name, "db");
  auto none = request<snapshot_ptr>(aut, atom::status_v, std::string{"x"});
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto all
    = request<std::vector<snapshot_ptr>>(aut, atom::status_v, atom::all_v);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
  auto version = request<uint64_t>(aut, atom::status_v);
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, 1u);
}

TEST_F(status_cache_test, sends_versioned_deltas_to_subscribers) {
  delta_log log;
  auto sub = sys.spawn(collector, &log);
  self->send(aut, atom::subscribe_v, sub);
  run();
  self->send(aut, atom::update_v, make_snap(0, "web"));
  self->send(aut, atom::update_v, make_snap(1, "db"));
  run();
  self->send(aut, atom::update_v, make_snap(1, "db", process_status::failed));
  run();
  ASSERT_EQ(log.deltas.size(), 2u);
  EXPECT_EQ(log.deltas[0].from_version, 0u);
  EXPECT_EQ(log.deltas[0].to_version, 1u);
  EXPECT_EQ(log.deltas[0].changed.size(), 2u);
  EXPECT_EQ(log.deltas[1].from_version, 1u);
  EXPECT_EQ(log.deltas[1].to_version, 2u);
  ASSERT_EQ(log.deltas[1].changed.size(), 1u);
  EXPECT_EQ(log.deltas[1].changed[0]->status, process_status::failed);
  self->send_exit(sub, caf::exit_reason::user_shutdown);
  run();
}

} // namespace
} // namespace hummel
