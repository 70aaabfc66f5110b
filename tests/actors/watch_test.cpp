// The WATCH actor with the real SUPERVISOR and PROCESS actors (fake
// launcher): which processes a file change restarts, the reason in the
// snapshot, and watch errors shown as the process's error.

#include "actors/watch.hpp"

#include "actors/process.hpp"
#include "actors/status_cache.hpp"
#include "actors/supervisor.hpp"
#include "tests/support/deterministic_fixture.hpp"
#include "tests/support/fake_launcher.hpp"

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>

using namespace std::chrono_literals;

namespace hummel {
namespace {

process_def make_def(std::string name) {
  process_def def;
  def.name = std::move(name);
  def.command = "sleep 300";
  def.cwd = "/";
  def.autostart = true;
  def.watch = {"src/**/*.ts"};
  return def;
}

class watch_actor_test : public test::deterministic_fixture {
protected:
  watch_actor_test() {
    ctx.launch = &launcher;
    ctx.marker_prefix = "test/";
  }

  ~watch_actor_test() override {
    for (const auto& a :
         {caf::actor_cast<caf::actor>(aut), caf::actor_cast<caf::actor>(sup),
          caf::actor_cast<caf::actor>(cache)})
      if (a)
        self->send_exit(a, caf::exit_reason::user_shutdown);
    run();
  }

  void start(std::vector<process_def> defs) {
    auto config = std::make_shared<project_config>();
    config->processes = std::move(defs);
    cache = sys.spawn(status_cache, &cell, "node");
    sup = sys.spawn(supervisor, std::shared_ptr<const project_config>{config},
                    &ctx, cache);
    aut = sys.spawn(file_watch_actor, sup, std::chrono::milliseconds{30s});
    run();
    ASSERT_TRUE(request<bool>(sup, atom::boot_v));
  }

  process_snapshot snapshot_of(const std::string& name) {
    auto view = cell.read();
    auto* x = view->find(name);
    return x != nullptr ? *x : process_snapshot{};
  }

  size_t spawns_of(uint32_t index) {
    return launcher.children_of(index).size();
  }

  /// Plays the reactor: the newest run of `index` ends.
  void end_run(uint32_t index, int32_t code, bool requested = false) {
    auto child = launcher.children_of(index).back();
    self->send(caf::actor_cast<process_actor>(launcher.owners.at(child)),
               atom::exited_v, child, code, int32_t{0}, requested);
    run();
  }

  /// The watcher reports a change of `name`'s files.
  void changed(const std::string& name,
               const std::string& reason = "file changed: src/app.ts") {
    self->send(aut, atom::changed_v, name, reason);
    run();
  }

  /// Plays the reactor for a stop of the newest run of `index`, if one was
  /// asked for.
  void finish_stop(uint32_t index) {
    auto child = launcher.children_of(index).back();
    if (!launcher.stops_of(child).empty())
      end_run(index, 0, true);
  }

  test::fake_launcher launcher;
  process_context ctx;
  view_cell<status_view> cell{make_empty_view("node")};
  status_cache_actor cache;
  supervisor_actor sup;
  watch_actor aut;
};

} // namespace

TEST_F(watch_actor_test, a_running_process_restarts_with_the_file_as_reason) {
  start({make_def("web")});
  ASSERT_EQ(spawns_of(0), 1u);
  EXPECT_EQ(snapshot_of("web").restart_reason, "");
  changed("web");
  auto first = launcher.children_of(0).front();
  ASSERT_EQ(launcher.stops_of(first).size(), 1u);
  finish_stop(0);
  EXPECT_EQ(spawns_of(0), 2u);
  auto snap = snapshot_of("web");
  EXPECT_EQ(snap.status, process_status::running);
  EXPECT_EQ(snap.run_id, 2u);
  EXPECT_EQ(snap.restart_reason, "file changed: src/app.ts");
}

TEST_F(watch_actor_test, a_failed_process_comes_back_when_its_files_change) {
  start({make_def("web")});
  end_run(0, 1);
  ASSERT_EQ(snapshot_of("web").status, process_status::failed);
  changed("web", "file changed: src/fix.ts");
  EXPECT_EQ(spawns_of(0), 2u);
  EXPECT_EQ(snapshot_of("web").status, process_status::running);
  EXPECT_EQ(snapshot_of("web").restart_reason, "file changed: src/fix.ts");
}

TEST_F(watch_actor_test, a_scheduled_restart_is_cut_short_not_doubled) {
  auto web = make_def("web");
  web.restart = restart_policy::on_failure;
  start({web});
  end_run(0, 1);
  ASSERT_EQ(snapshot_of("web").status, process_status::backoff);
  changed("web");
  EXPECT_EQ(spawns_of(0), 2u) << "at once, not after the backoff";
  advance_time(2s);
  EXPECT_EQ(spawns_of(0), 2u) << "the backoff's own restart is cancelled";
}

TEST_F(watch_actor_test,
       finished_stopped_and_never_started_processes_stay_down) {
  auto build = make_def("build");
  auto manual = make_def("manual");
  manual.autostart = false;
  auto halted = make_def("halted");
  start({build, manual, halted});
  end_run(0, 0);
  ASSERT_EQ(snapshot_of("build").status, process_status::succeeded);
  auto stop = self->request(sup, caf::infinite, atom::stop_v, "halted");
  run();
  finish_stop(2);
  stop.receive([](snapshot_ptr&) {}, [](caf::error&) {});
  ASSERT_EQ(snapshot_of("halted").status, process_status::stopped);
  changed("build");
  changed("manual");
  changed("halted");
  EXPECT_EQ(spawns_of(0), 1u);
  EXPECT_EQ(spawns_of(1), 0u);
  EXPECT_EQ(spawns_of(2), 1u);
  EXPECT_EQ(snapshot_of("build").restart_reason, "");
}

TEST_F(watch_actor_test, an_unknown_process_changes_nothing) {
  start({make_def("web")});
  changed("nope");
  EXPECT_EQ(spawns_of(0), 1u);
  EXPECT_TRUE(launcher.stops.empty());
}

TEST_F(watch_actor_test, a_watch_error_is_the_processes_error_until_it_clears) {
  start({make_def("web")});
  self->send(aut, atom::watch_v, std::string{"web"},
             std::string{"cannot watch /p/src: the kernel's inotify watch "
                         "limit is reached"});
  run();
  EXPECT_NE(snapshot_of("web").error.find("inotify watch limit"),
            std::string::npos);
  EXPECT_EQ(snapshot_of("web").status, process_status::running);
  self->send(aut, atom::watch_v, std::string{"web"}, std::string{});
  run();
  EXPECT_EQ(snapshot_of("web").error, "");
}

TEST(restarts_on_change, only_live_scheduled_or_failed_states_restart) {
  EXPECT_TRUE(restarts_on_change(process_status::running));
  EXPECT_TRUE(restarts_on_change(process_status::backoff));
  EXPECT_TRUE(restarts_on_change(process_status::failed));
  EXPECT_TRUE(restarts_on_change(process_status::crashed));
  EXPECT_FALSE(restarts_on_change(process_status::idle));
  EXPECT_FALSE(restarts_on_change(process_status::waiting));
  EXPECT_FALSE(restarts_on_change(process_status::stopping));
  EXPECT_FALSE(restarts_on_change(process_status::succeeded));
  EXPECT_FALSE(restarts_on_change(process_status::stopped));
}

} // namespace hummel
