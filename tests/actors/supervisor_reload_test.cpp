// The SUPERVISOR applying a reloaded configuration as a diff, on the test
// coordinator with a fake launcher: untouched processes keep their PROCESS
// actor and run, changed ones restart with the new definition, removed ones
// stop and leave the view, added ones start if autostart.

#include "actors/process.hpp"
#include "actors/status_cache.hpp"
#include "actors/supervisor.hpp"
#include "tests/support/deterministic_fixture.hpp"
#include "tests/support/fake_launcher.hpp"

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>

namespace hummel {
namespace {

using config_ptr = std::shared_ptr<const project_config>;
using strings = std::vector<std::string>;

process_def make_def(std::string name, std::string command = "sleep 300") {
  process_def def;
  def.name = std::move(name);
  def.command = std::move(command);
  def.cwd = "/";
  def.autostart = true;
  return def;
}

config_ptr make_config(std::vector<process_def> defs) {
  auto config = std::make_shared<project_config>();
  config->processes = std::move(defs);
  return config;
}

class supervisor_reload_test : public test::deterministic_fixture {
protected:
  supervisor_reload_test() {
    ctx.launch = &launcher;
    ctx.marker_prefix = "test/";
  }

  ~supervisor_reload_test() override {
    if (aut)
      self->send_exit(aut, caf::exit_reason::user_shutdown);
    if (cache)
      self->send_exit(cache, caf::exit_reason::user_shutdown);
    run();
  }

  void start(std::vector<process_def> defs) {
    cache = sys.spawn(status_cache, &cell, "node");
    aut = sys.spawn(supervisor, make_config(std::move(defs)), &ctx, cache);
    run();
    ASSERT_TRUE(request<bool>(aut, atom::boot_v));
  }

  /// Sends the reload, then plays the reactor: every run that got a stop
  /// signal ends. Returns the SUPERVISOR's answer.
  caf::expected<config_diff> reload(std::vector<process_def> defs) {
    auto handle = self->request(aut, caf::infinite, atom::reload_v,
                                make_config(std::move(defs)));
    run();
    end_stopped_runs();
    caf::expected<config_diff> result = caf::sec::request_timeout;
    std::move(handle).receive([&](config_diff& d) { result = std::move(d); },
                              [&](caf::error& err) { result = err; });
    return result;
  }

  /// Every child with a stop call and no exit yet ends (requested).
  void end_stopped_runs() {
    std::vector<uint64_t> stopped;
    {
      std::lock_guard<std::mutex> guard{launcher.mtx};
      for (const auto& s : launcher.stops)
        if (ended.insert(s.child).second)
          stopped.push_back(s.child);
    }
    for (auto child : stopped) {
      auto owner = caf::actor_cast<process_actor>(launcher.owners.at(child));
      self->send(owner, atom::exited_v, child, int32_t{-1}, int32_t{15}, true);
    }
    run();
  }

  /// The published snapshot of `name`, or null.
  snapshot_ptr find(const std::string& name) {
    auto view = cell.read();
    auto* x = view->find(name);
    return x != nullptr ? view->processes[x->index] : nullptr;
  }

  /// The published slot `index`, or null.
  snapshot_ptr slot(uint32_t index) {
    auto view = cell.read();
    return index < view->size() ? view->processes[index] : nullptr;
  }

  process_actor actor_of(const std::string& name) {
    auto x = request<process_actor>(aut, atom::logs_v, name);
    return x ? *x : process_actor{};
  }

  test::fake_launcher launcher;
  process_context ctx;
  view_cell<status_view> cell{make_empty_view("node")};
  status_cache_actor cache;
  supervisor_actor aut;
  std::set<uint64_t> ended;
};

TEST_F(supervisor_reload_test,
       diff_keeps_untouched_restarts_changed_drops_removed_starts_added) {
  start({make_def("a"), make_def("b"), make_def("c"), make_def("d")});
  auto a_actor = actor_of("a");
  auto d_actor = actor_of("d");
  auto a_pid = find("a")->pid;
  auto d_pid = find("d")->pid;
  auto b_pid = find("b")->pid;
  auto spawns_before = launcher.spawns.size();
  auto d = reload(
    {make_def("a"), make_def("b", "sleep 301"), make_def("d"), make_def("e")});
  ASSERT_TRUE(d) << caf::to_string(d.error());
  EXPECT_EQ(d->changed, strings{"b"});
  EXPECT_EQ(d->removed, strings{"c"});
  EXPECT_EQ(d->added, strings{"e"});
  EXPECT_EQ(d->unchanged, (strings{"a", "d"}));
  // untouched: same actor, same run, never stopped
  EXPECT_EQ(actor_of("a"), a_actor);
  EXPECT_EQ(actor_of("d"), d_actor);
  EXPECT_EQ(find("a")->pid, a_pid);
  EXPECT_EQ(find("d")->pid, d_pid);
  EXPECT_EQ(find("a")->run_id, 1u);
  EXPECT_TRUE(launcher.stops_of(launcher.children_of(0).back()).empty());
  EXPECT_TRUE(launcher.stops_of(launcher.children_of(3).back()).empty());
  // changed: stopped, restarted with the new command, same index
  auto b = find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->index, 1u);
  EXPECT_EQ(b->status, process_status::running);
  EXPECT_NE(b->pid, b_pid);
  EXPECT_EQ(b->command, "sleep 301");
  EXPECT_EQ(b->restart_reason, "configuration changed");
  EXPECT_EQ(launcher.spawns.back().argv.back(), "exec sleep 301");
  // removed: gone from the view and the name index; its slot is empty
  EXPECT_EQ(find("c"), nullptr);
  EXPECT_EQ(slot(2), nullptr);
  EXPECT_FALSE(request<process_actor>(aut, atom::logs_v, std::string{"c"}));
  // added: a fresh index, started (autostart)
  auto e = find("e");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->index, 4u);
  EXPECT_EQ(e->status, process_status::running);
  EXPECT_EQ(launcher.spawns.size(), spawns_before + 2); // b and e
}

TEST_F(supervisor_reload_test, identical_configuration_touches_nothing) {
  start({make_def("a"), make_def("b")});
  auto version = request<uint64_t>(cache, atom::sync_v);
  auto d = reload({make_def("a"), make_def("b")});
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->empty());
  EXPECT_TRUE(launcher.stops.empty());
  EXPECT_EQ(launcher.spawns.size(), 2u);
  EXPECT_EQ(request<uint64_t>(cache, atom::sync_v), version);
}

TEST_F(supervisor_reload_test, changed_process_that_was_stopped_stays_stopped) {
  auto manual = make_def("m");
  manual.autostart = false;
  start({make_def("a"), manual});
  auto changed = manual;
  changed.command = "sleep 5";
  auto d = reload({make_def("a"), changed});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->changed, strings{"m"});
  EXPECT_EQ(find("m")->status, process_status::idle);
  EXPECT_EQ(find("m")->command, "sleep 5");
  EXPECT_TRUE(launcher.children_of(1).empty());
  // run it: the new definition runs
  ASSERT_TRUE(request<snapshot_ptr>(aut, atom::run_v, std::string{"m"}));
  EXPECT_EQ(launcher.spawns.back().argv.back(), "exec sleep 5");
}

TEST_F(supervisor_reload_test, added_process_waits_for_its_dependency) {
  auto db = make_def("db");
  db.autostart = false;
  start({make_def("a"), db});
  auto api = make_def("api");
  api.depends_on.push_back({"db", dep_condition::started});
  auto d = reload({make_def("a"), db, api});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->added, strings{"api"});
  // db is started for api (as at boot), then api itself
  EXPECT_EQ(find("db")->status, process_status::running);
  EXPECT_EQ(find("api")->status, process_status::running);
  EXPECT_EQ(find("api")->index, 2u);
}

TEST_F(supervisor_reload_test,
       removed_process_late_updates_do_not_bring_it_back) {
  start({make_def("a"), make_def("b")});
  auto d = reload({make_def("a")});
  ASSERT_TRUE(d);
  EXPECT_EQ(find("b"), nullptr);
  // a stray report of the old run (the reactor is late) changes nothing
  auto stray = std::make_shared<process_snapshot>();
  stray->name = "b";
  stray->index = 1;
  self->send(cache, atom::update_v, snapshot_ptr{stray});
  run();
  EXPECT_EQ(find("b"), nullptr);
}

TEST_F(supervisor_reload_test,
       a_removed_name_can_be_added_again_at_a_fresh_index) {
  start({make_def("a"), make_def("b")});
  ASSERT_TRUE(reload({make_def("a")}));
  auto d = reload({make_def("a"), make_def("b")});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->added, strings{"b"});
  auto b = find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->index, 2u);
  EXPECT_EQ(b->status, process_status::running);
}

TEST_F(supervisor_reload_test,
       deltas_tell_subscribers_of_removals_and_list_changes) {
  start({make_def("a"), make_def("b")});
  struct seen_t {
    std::vector<status_delta> deltas;
  };
  auto seen = std::make_shared<seen_t>();
  // The state goes in as a spawn argument: CAF 0.17 dereferences a null
  // argument tuple for a function actor spawned with none (UBSan reports it).
  auto sub = sys.spawn(
    [](caf::event_based_actor*, std::shared_ptr<seen_t> out) -> caf::behavior {
      return {[out](atom::delta, const status_delta& d) {
        out->deltas.push_back(d);
      }};
    },
    seen);
  self->send(cache, atom::subscribe_v,
             caf::actor_cast<status_subscriber_actor>(sub));
  run();
  ASSERT_TRUE(reload({make_def("a"), make_def("c")}));
  bool removed = false;
  bool listed = false;
  for (const auto& d : seen->deltas) {
    removed = removed || d.removed == std::vector<uint32_t>{1};
    listed = listed || d.list_changed;
  }
  EXPECT_TRUE(removed);
  EXPECT_TRUE(listed);
  self->send_exit(sub, caf::exit_reason::user_shutdown);
}

} // namespace
} // namespace hummel
