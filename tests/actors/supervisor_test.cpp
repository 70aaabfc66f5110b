#include "actors/supervisor.hpp"

#include "actors/process.hpp"
#include "actors/status_cache.hpp"
#include "tests/support/deterministic_fixture.hpp"
#include "tests/support/fake_launcher.hpp"

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>

using namespace std::chrono_literals;

namespace hummel {
namespace {

process_def make_def(std::string name, std::string command = "sleep 300") {
  process_def def;
  def.name = std::move(name);
  def.command = std::move(command);
  def.cwd = "/";
  def.autostart = true;
  return def;
}

class supervisor_test : public test::deterministic_fixture {
protected:
  supervisor_test() {
    ctx.launch = &launcher;
    ctx.marker_prefix = "test/";
  }

  ~supervisor_test() override {
    // PROCESS actors and the SUPERVISOR reference each other: end them.
    if (aut)
      self->send_exit(aut, caf::exit_reason::user_shutdown);
    if (cache)
      self->send_exit(cache, caf::exit_reason::user_shutdown);
    run();
  }

  /// Spawns the STATUS CACHE and the SUPERVISOR for `defs`.
  void start(std::vector<process_def> defs) {
    auto config = std::make_shared<project_config>();
    config->processes = std::move(defs);
    cache = sys.spawn(status_cache, &cell, "node");
    aut = sys.spawn(supervisor, std::shared_ptr<const project_config>{config},
                    &ctx, cache);
    run();
  }

  void boot() {
    ASSERT_TRUE(request<bool>(aut, atom::boot_v));
  }

  process_status status_of(const std::string& name) {
    auto view = cell.read();
    auto* x = view->find(name);
    return x != nullptr ? x->status : process_status::idle;
  }

  process_snapshot snapshot_of(const std::string& name) {
    auto view = cell.read();
    auto* x = view->find(name);
    return x != nullptr ? *x : process_snapshot{};
  }

  size_t spawns_of(uint32_t index) {
    return launcher.children_of(index).size();
  }

  process_actor owner_of(uint64_t child) {
    return caf::actor_cast<process_actor>(launcher.owners.at(child));
  }

  /// Plays the reactor: the newest run of `index` ends.
  void end_run(uint32_t index, int32_t code, int32_t sig = 0,
               bool requested = false) {
    auto child = launcher.children_of(index).back();
    self->send(owner_of(child), atom::exited_v, child, code, sig, requested);
    run();
  }

  /// Plays the reactor: the newest run of `index` prints `line`.
  void print(uint32_t index, std::string line) {
    auto child = launcher.children_of(index).back();
    self->send(owner_of(child), atom::output_v, child, uint8_t{1},
               std::vector<std::string>{std::move(line)});
    run();
  }

  test::fake_launcher launcher;
  process_context ctx;
  view_cell<status_view> cell{make_empty_view("node")};
  status_cache_actor cache;
  supervisor_actor aut;
};

TEST_F(supervisor_test, boot_starts_autostart_processes_only) {
  auto manual = make_def("manual");
  manual.autostart = false;
  start({make_def("web"), manual});
  boot();
  EXPECT_EQ(spawns_of(0), 1u);
  EXPECT_EQ(spawns_of(1), 0u);
  EXPECT_EQ(status_of("web"), process_status::running);
  EXPECT_EQ(status_of("manual"), process_status::idle);
  auto cmd = launcher.spawns.at(0).argv;
  EXPECT_EQ(cmd, (std::vector<std::string>{"/bin/sh", "-c", "exec sleep 300"}));
  EXPECT_EQ(launcher.spawns.at(0).marker, "test/web/1");
}

TEST_F(supervisor_test, dependent_waits_until_its_dependency_is_ready) {
  auto web = make_def("web");
  web.ready.type = readiness::kind::log;
  web.ready.log_pattern = "listening on";
  auto worker = make_def("worker");
  worker.depends_on.push_back({"web", dep_condition::ready});
  start({web, worker});
  boot();
  EXPECT_EQ(status_of("web"), process_status::running);
  EXPECT_FALSE(snapshot_of("web").ready);
  EXPECT_EQ(status_of("worker"), process_status::waiting);
  EXPECT_EQ(spawns_of(1), 0u);
  print(0, "compiling...");
  EXPECT_EQ(spawns_of(1), 0u);
  print(0, "\x1b[32mlistening on\x1b[0m http://127.0.0.1:3000/");
  EXPECT_TRUE(snapshot_of("web").ready);
  EXPECT_EQ(snapshot_of("web").urls,
            std::vector<std::string>{"http://127.0.0.1:3000/"});
  EXPECT_EQ(spawns_of(1), 1u);
  EXPECT_EQ(status_of("worker"), process_status::running);
}

TEST_F(supervisor_test, completed_dependency_must_exit_zero) {
  auto migrate = make_def("migrate");
  auto app = make_def("app");
  app.depends_on.push_back({"migrate", dep_condition::completed});
  start({migrate, app});
  boot();
  EXPECT_EQ(status_of("app"), process_status::waiting);
  end_run(0, 0);
  EXPECT_EQ(status_of("migrate"), process_status::succeeded);
  EXPECT_EQ(spawns_of(1), 1u);
}

TEST_F(supervisor_test, started_dependency_is_enough_for_started) {
  auto db = make_def("db");
  auto web = make_def("web");
  web.depends_on.push_back({"db", dep_condition::started});
  db.autostart = false; // started because web needs it
  start({db, web});
  boot();
  EXPECT_EQ(spawns_of(0), 1u);
  EXPECT_EQ(spawns_of(1), 1u);
}

TEST_F(supervisor_test, on_failure_restarts_with_exponential_backoff) {
  auto job = make_def("job");
  job.restart = restart_policy::on_failure;
  job.max_restarts = 3;
  start({job});
  boot();
  end_run(0, 1);
  EXPECT_EQ(status_of("job"), process_status::backoff);
  advance_time(999ms);
  EXPECT_EQ(spawns_of(0), 1u) << "no restart before 1 s";
  advance_time(1ms);
  EXPECT_EQ(spawns_of(0), 2u);
  EXPECT_EQ(snapshot_of("job").restarts, 1u);
  end_run(0, 1);
  advance_time(1999ms);
  EXPECT_EQ(spawns_of(0), 2u) << "second backoff is 2 s";
  advance_time(1ms);
  EXPECT_EQ(spawns_of(0), 3u);
  end_run(0, 0, 9); // killed by a signal counts as failure
  advance_time(3999ms);
  EXPECT_EQ(spawns_of(0), 3u) << "third backoff is 4 s";
  advance_time(1ms);
  EXPECT_EQ(spawns_of(0), 4u);
  end_run(0, 1);
  EXPECT_EQ(status_of("job"), process_status::crashed);
  advance_time(120s);
  EXPECT_EQ(spawns_of(0), 4u) << "crashed stays down";
  EXPECT_FALSE(snapshot_of("job").error.empty());
}

TEST_F(supervisor_test, on_failure_does_not_restart_a_clean_exit) {
  auto job = make_def("job");
  job.restart = restart_policy::on_failure;
  start({job});
  boot();
  end_run(0, 0);
  advance_time(120s);
  EXPECT_EQ(spawns_of(0), 1u);
  EXPECT_EQ(status_of("job"), process_status::succeeded);
}

TEST_F(supervisor_test, always_restarts_a_clean_exit_and_no_never) {
  auto a = make_def("a");
  a.restart = restart_policy::always;
  auto b = make_def("b");
  b.restart = restart_policy::no;
  start({a, b});
  boot();
  end_run(0, 0);
  end_run(1, 1);
  advance_time(1s);
  EXPECT_EQ(spawns_of(0), 2u);
  EXPECT_EQ(spawns_of(1), 1u);
  EXPECT_EQ(status_of("b"), process_status::failed);
}

TEST_F(supervisor_test, backoff_resets_after_thirty_stable_seconds) {
  auto job = make_def("job");
  job.restart = restart_policy::always;
  job.max_restarts = 2;
  start({job});
  boot();
  end_run(0, 1);
  advance_time(1s);
  end_run(0, 1);
  advance_time(2s);
  EXPECT_EQ(spawns_of(0), 3u);
  advance_time(30s); // the third run is stable
  end_run(0, 1);
  EXPECT_EQ(status_of("job"), process_status::backoff) << "not crashed";
  advance_time(1s);
  EXPECT_EQ(spawns_of(0), 4u) << "backoff is back at 1 s";
}

TEST_F(supervisor_test, stop_cancels_a_scheduled_restart) {
  auto job = make_def("job");
  job.restart = restart_policy::always;
  start({job});
  boot();
  end_run(0, 1);
  auto snap = request<snapshot_ptr>(aut, atom::stop_v, std::string{"job"});
  ASSERT_TRUE(snap);
  advance_time(10s);
  EXPECT_EQ(spawns_of(0), 1u);
  EXPECT_EQ(status_of("job"), process_status::stopped);
}

TEST_F(supervisor_test, stop_keeps_a_failed_or_succeeded_result) {
  auto bad = make_def("bad");
  auto good = make_def("good");
  start({bad, good});
  boot();
  end_run(0, 1);
  end_run(1, 0);
  for (const auto* name : {"bad", "good"})
    ASSERT_TRUE(request<snapshot_ptr>(aut, atom::stop_v, std::string{name}));
  EXPECT_EQ(status_of("bad"), process_status::failed) << "not stopped (1)";
  EXPECT_EQ(status_of("good"), process_status::succeeded);
}

TEST_F(supervisor_test, stop_answers_once_the_run_has_ended) {
  auto web = make_def("web");
  web.stop_signal = 2;
  web.grace_period = 3s;
  start({web});
  boot();
  auto handle
    = self->request(aut, caf::infinite, atom::stop_v, std::string{"web"});
  run();
  EXPECT_EQ(status_of("web"), process_status::stopping);
  ASSERT_EQ(launcher.stops.size(), 1u);
  EXPECT_EQ(launcher.stops[0].signal, 2);
  EXPECT_EQ(launcher.stops[0].grace, 3s);
  end_run(0, -1, 2, true);
  snapshot_ptr result;
  std::move(handle).receive([&](snapshot_ptr& x) { result = x; },
                            [&](caf::error&) {});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, process_status::stopped);
  EXPECT_EQ(result->signal, 2);
  advance_time(60s);
  EXPECT_EQ(spawns_of(0), 1u) << "a stop is not a failure";
}

TEST_F(supervisor_test, a_command_that_cannot_start_is_a_clear_error) {
  auto bad = make_def("bad", "missing");
  bad.argv = {"missing"};
  bad.autostart = false;
  start({bad, make_def("good")});
  auto res = request<snapshot_ptr>(aut, atom::run_v, std::string{"bad"});
  ASSERT_FALSE(res);
  EXPECT_NE(sys.render(res.error()).find("command not found"),
            std::string::npos);
  EXPECT_EQ(status_of("bad"), process_status::failed);
  EXPECT_EQ(snapshot_of("bad").error, "command not found: missing");
  auto unknown = request<snapshot_ptr>(aut, atom::run_v, std::string{"x"});
  ASSERT_FALSE(unknown);
  auto good = request<snapshot_ptr>(aut, atom::run_v, std::string{"good"});
  ASSERT_TRUE(good) << "the supervisor keeps working";
}

TEST_F(supervisor_test, run_twice_does_not_start_a_second_copy) {
  auto web = make_def("web");
  web.autostart = false;
  start({web});
  ASSERT_TRUE(request<snapshot_ptr>(aut, atom::run_v, std::string{"web"}));
  auto again = request<snapshot_ptr>(aut, atom::run_v, std::string{"web"});
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->status, process_status::running);
  EXPECT_EQ(spawns_of(0), 1u);
}

TEST_F(supervisor_test, shutdown_stops_in_reverse_dependency_order) {
  auto db = make_def("db");
  auto web = make_def("web");
  web.depends_on.push_back({"db", dep_condition::started});
  auto worker = make_def("worker");
  worker.depends_on.push_back({"web", dep_condition::started});
  start({db, web, worker});
  boot();
  ASSERT_EQ(launcher.spawns.size(), 3u);
  auto handle = self->request(aut, caf::infinite, atom::shutdown_v);
  run();
  ASSERT_EQ(launcher.stops.size(), 1u);
  EXPECT_EQ(launcher.stops[0].child >> 32, 2u) << "worker first";
  end_run(2, -1, 15, true);
  ASSERT_EQ(launcher.stops.size(), 2u);
  EXPECT_EQ(launcher.stops[1].child >> 32, 1u) << "then web";
  end_run(1, -1, 15, true);
  ASSERT_EQ(launcher.stops.size(), 3u);
  EXPECT_EQ(launcher.stops[2].child >> 32, 0u) << "db last";
  end_run(0, -1, 15, true);
  bool done = false;
  std::move(handle).receive([&](bool x) { done = x; }, [&](caf::error&) {});
  EXPECT_TRUE(done);
}

TEST_F(supervisor_test, ad_hoc_commands_get_a_process_of_their_own) {
  start({make_def("web")});
  process_def def;
  def.argv = {"echo", "hi"};
  def.cwd = "/";
  auto first = request<snapshot_ptr>(aut, atom::run_v, std::string{"tmp"}, def);
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)->name, "tmp");
  EXPECT_EQ((*first)->index, 1u);
  EXPECT_EQ(spawns_of(1), 1u);
  auto again = request<snapshot_ptr>(aut, atom::run_v, std::string{"tmp"}, def);
  ASSERT_TRUE(again);
  EXPECT_EQ(spawns_of(1), 1u) << "no second copy while it runs";
  auto clash = request<snapshot_ptr>(aut, atom::run_v, std::string{"web"}, def);
  EXPECT_FALSE(clash) << "configured names are not replaced";
  end_run(1, 0);
  def.argv = {"echo", "again"};
  auto third = request<snapshot_ptr>(aut, atom::run_v, std::string{"tmp"}, def);
  ASSERT_TRUE(third);
  EXPECT_EQ(spawns_of(1), 2u) << "an ended ad-hoc process is replaced";
  EXPECT_EQ(launcher.spawns.back().argv.back(), "again");
}

TEST_F(supervisor_test, restart_stops_then_starts_again) {
  start({make_def("web")});
  boot();
  auto handle
    = self->request(aut, caf::infinite, atom::restart_v, std::string{"web"});
  run();
  end_run(0, -1, 15, true);
  snapshot_ptr result;
  std::move(handle).receive([&](snapshot_ptr& x) { result = x; },
                            [&](caf::error&) {});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, process_status::running);
  EXPECT_EQ(result->run_id, 2u);
  EXPECT_EQ(spawns_of(0), 2u);
}

} // namespace
} // namespace hummel

namespace hummel {
namespace {

TEST(make_argv, simple_commands_replace_the_shell) {
  process_def def;
  def.command = "npm run dev --port $PORT > out.log";
  EXPECT_EQ(make_argv(def).back(), "exec npm run dev --port $PORT > out.log");
  for (auto cmd : {"a; b", "a && b", "a | b", "(a)", "for i in 1; do a; done",
                   "echo $(date)", "a &", "exec a", "if true; then a; fi"}) {
    def.command = cmd;
    EXPECT_EQ(make_argv(def).back(), cmd);
  }
  def.argv = {"node", "server.js"};
  EXPECT_EQ(make_argv(def), def.argv);
}

TEST(make_environment, configured_variables_replace_inherited_ones) {
  auto env = make_environment({"A=1", "B=2", "HUMMEL_RUN=x"},
                              {{"B", "3"}, {"C", "4"}, {"C", "5"}});
  EXPECT_EQ(env, (std::vector<std::string>{"A=1", "B=3", "C=5"}));
}

} // namespace
} // namespace hummel
