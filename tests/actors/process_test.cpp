// The PROCESS actor alone: start, exit, spawn failure, restart, marks.
// Stops are in process_stop_test.cpp, output and readiness in
// process_output_test.cpp, the log ring in process_logs_test.cpp.

#include "tests/actors/process_fixture.hpp"

using namespace std::chrono_literals;

namespace hummel {
namespace {

using st = process_status;
using ev = run_event::kind;

class process_test : public test::process_fixture {};

TEST_F(process_test, publishes_an_idle_snapshot_when_spawned) {
  spawn(test::make_process_def("web", "npm run dev"), 3);
  ASSERT_EQ(rec.snaps.size(), 1u);
  const auto& x = last();
  EXPECT_EQ(x.name, "web");
  EXPECT_EQ(x.index, 3u);
  EXPECT_EQ(x.kind, process_kind::service);
  EXPECT_EQ(x.command, "npm run dev");
  EXPECT_EQ(x.status, st::idle);
  EXPECT_EQ(x.run_id, 0u);
  EXPECT_EQ(x.pid, 0);
  EXPECT_EQ(x.exit_code, -1);
  EXPECT_FALSE(x.ready);
  EXPECT_TRUE(rec.events.empty());
  EXPECT_TRUE(launcher.spawns.empty());
  EXPECT_EQ(status(), rec.snaps.back()) << "status answers the published copy";
}

TEST_F(process_test, argv_definition_runs_as_given_and_shows_joined) {
  auto def = test::make_process_def("db");
  def.argv = {"postgres", "-D", "/var/lib/pg"};
  def.kind = process_kind::script;
  spawn(def);
  ASSERT_TRUE(start());
  ASSERT_EQ(launcher.spawns.size(), 1u);
  EXPECT_EQ(launcher.spawns[0].argv, def.argv);
  EXPECT_EQ(last().command, "postgres -D /var/lib/pg");
  EXPECT_EQ(last().kind, process_kind::script);
}

TEST_F(process_test, start_launches_the_run_and_publishes_running) {
  auto def = test::make_process_def("web");
  def.env = {{"PORT", "3000"}};
  spawn(def, 2);
  advance_time(250ms);
  auto now = now_ms();
  auto reply = start(4);
  ASSERT_TRUE(reply) << to_string(reply.error());
  ASSERT_EQ(launcher.spawns.size(), 1u);
  const auto& req = launcher.spawns[0];
  EXPECT_EQ(req.child, (uint64_t{2} << 32) | 1u);
  EXPECT_EQ(req.argv,
            (std::vector<std::string>{"/bin/sh", "-c", "exec sleep 300"}));
  EXPECT_EQ(req.cwd, "/");
  EXPECT_EQ(req.env, (std::vector<std::string>{"PATH=/bin", "PORT=3000"}))
    << "a stale HUMMEL_RUN of the daemon is not passed on";
  EXPECT_EQ(req.marker, "proj/web/1");
  EXPECT_EQ(statuses(), (std::vector<st>{st::idle, st::running}));
  const auto& x = last();
  EXPECT_EQ(*reply, rec.snaps.back()) << "the reply is the published copy";
  EXPECT_EQ(x.run_id, 1u);
  EXPECT_EQ(x.pid, 1000);
  EXPECT_EQ(x.restarts, 4u);
  EXPECT_EQ(x.start_ms, now) << "start time comes from the actor clock";
  EXPECT_EQ(x.end_ms, 0);
  EXPECT_EQ(x.exit_code, -1);
  EXPECT_TRUE(x.ready) << "no readiness check: ready once it runs";
  EXPECT_EQ(event_kinds(), (std::vector<ev>{ev::started, ev::ready}));
  EXPECT_EQ(rec.events[0].index, 2u);
  EXPECT_EQ(rec.events[0].run_id, 1u);
}

TEST_F(process_test, started_from_the_reactor_corrects_pid_and_start_time) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  auto kid = child();
  self->send(aut, atom::started_v, kid + 1, int32_t{7}, int64_t{99});
  run();
  EXPECT_EQ(status()->pid, 1000) << "another child's start is ignored";
  self->send(aut, atom::started_v, kid, int32_t{4242}, int64_t{123456});
  run();
  self->send(aut, atom::usage_v, kid, 1.5, uint64_t{1});
  run();
  EXPECT_EQ(last().pid, 4242);
  EXPECT_EQ(last().start_ms, 123456);
  self->send(aut, atom::started_v, kid, int32_t{4243}, int64_t{0});
  run();
  self->send(aut, atom::usage_v, kid, 1.5, uint64_t{2});
  run();
  EXPECT_EQ(last().pid, 4243);
  EXPECT_EQ(last().start_ms, 123456) << "time 0 means unknown: kept";
}

TEST_F(process_test, a_usage_sample_that_changes_nothing_publishes_nothing) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  auto kid = child();
  self->send(aut, atom::usage_v, kid, 0.0, uint64_t{4096});
  run();
  auto published = rec.snaps.size();
  EXPECT_EQ(last().rss_bytes, 4096u);
  // A sleeping process: the same share and memory, sample after sample.
  for (int i = 0; i < 3; ++i) {
    self->send(aut, atom::usage_v, kid, 0.0, uint64_t{4096});
    run();
  }
  EXPECT_EQ(rec.snaps.size(), published) << "nothing new to publish";
  // What changed without a publication (the reactor's pid) goes out with
  // the next sample even when the sample itself changes nothing.
  self->send(aut, atom::started_v, kid, int32_t{4242}, int64_t{0});
  run();
  self->send(aut, atom::usage_v, kid, 0.0, uint64_t{4096});
  run();
  ASSERT_EQ(rec.snaps.size(), published + 1);
  EXPECT_EQ(last().pid, 4242);
  self->send(aut, atom::usage_v, kid, 2.5, uint64_t{4096});
  run();
  ASSERT_EQ(rec.snaps.size(), published + 2) << "a new share is news";
  EXPECT_EQ(last().cpu_percent, 2.5);
}

TEST_F(process_test, exit_zero_is_succeeded_with_duration_on_the_fake_clock) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  auto started = last().start_ms;
  advance_time(1500ms);
  exited(0);
  const auto& x = last();
  EXPECT_EQ(x.status, st::succeeded);
  EXPECT_EQ(x.exit_code, 0);
  EXPECT_EQ(x.signal, 0);
  EXPECT_EQ(x.end_ms - started, 1500);
  EXPECT_FALSE(x.ready);
  EXPECT_EQ(x.pid, 1000) << "the pid of the last run stays visible";
  ASSERT_EQ(rec.events.back().what, ev::exited);
  EXPECT_EQ(rec.events.back().duration_ms, 1500);
  EXPECT_EQ(rec.events.back().exit_code, 0);
  EXPECT_FALSE(rec.events.back().requested);
  EXPECT_EQ(statuses(),
            (std::vector<st>{st::idle, st::running, st::succeeded}));
}

TEST_F(process_test, non_zero_exit_is_failed_with_its_code) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  exited(3);
  EXPECT_EQ(last().status, st::failed);
  EXPECT_EQ(last().exit_code, 3);
  EXPECT_EQ(rec.events.back().exit_code, 3);
}

TEST_F(process_test, death_by_signal_is_failed_with_its_signal) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  exited(-1, 11);
  EXPECT_EQ(last().status, st::failed);
  EXPECT_EQ(last().exit_code, -1);
  EXPECT_EQ(last().signal, 11);
  EXPECT_EQ(rec.events.back().signal, 11);
  EXPECT_FALSE(rec.events.back().requested);
}

TEST_F(process_test, spawn_failure_is_failed_with_the_launcher_error) {
  auto def = test::make_process_def();
  def.argv = {"missing"};
  spawn(def);
  advance_time(42ms);
  auto now = now_ms();
  auto reply = start();
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error(), ec::spawn_failed);
  EXPECT_TRUE(launcher.spawns.empty());
  const auto& x = last();
  EXPECT_EQ(x.status, st::failed);
  EXPECT_EQ(x.error, "command not found: missing");
  EXPECT_EQ(x.run_id, 1u) << "a failed start still counts as a run";
  EXPECT_EQ(x.pid, 0);
  EXPECT_EQ(x.start_ms, now);
  EXPECT_EQ(x.end_ms, now);
  EXPECT_FALSE(x.ready);
  EXPECT_EQ(event_kinds(), std::vector<ev>{ev::failed_to_start});
  // Output or an exit for the child that never existed changes nothing.
  auto published = rec.snaps.size();
  self->send(aut, atom::exited_v, (uint64_t{0} << 32) | 1u, 0, 0, false);
  run();
  EXPECT_EQ(rec.snaps.size(), published);
}

TEST_F(process_test, start_while_running_answers_the_run_without_a_spawn) {
  spawn(test::make_process_def());
  auto first = start();
  ASSERT_TRUE(first);
  auto second = start(9);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, *first) << "the same published snapshot";
  EXPECT_EQ(launcher.spawns.size(), 1u);
  EXPECT_EQ(last().restarts, 0u) << "the second start changed nothing";
}

TEST_F(process_test, restart_starts_a_fresh_run_with_the_next_run_id) {
  auto def = test::make_process_def();
  def.argv = {"server"};
  spawn(def);
  ASSERT_TRUE(start());
  auto first = child();
  output({"listening on http://localhost:3000/"});
  self->send(aut, atom::usage_v, first, 12.5, uint64_t{1} << 20);
  run();
  EXPECT_EQ(last().urls.size(), 1u);
  exited(1);
  self->send(aut, atom::mark_v, st::backoff, int64_t{777}, std::string{});
  run();
  EXPECT_EQ(last().restart_due_ms, 777);
  ASSERT_TRUE(start(1));
  auto second = child();
  EXPECT_EQ(second, first + 1);
  EXPECT_EQ(launcher.spawns.back().marker, "proj/web/2");
  const auto& x = last();
  EXPECT_EQ(x.status, st::running);
  EXPECT_EQ(x.run_id, 2u);
  EXPECT_EQ(x.restarts, 1u);
  EXPECT_EQ(x.pid, 1001);
  EXPECT_TRUE(x.urls.empty()) << "urls belong to one run";
  EXPECT_EQ(x.exit_code, -1);
  EXPECT_EQ(x.signal, 0);
  EXPECT_EQ(x.end_ms, 0);
  EXPECT_EQ(x.cpu_percent, 0);
  EXPECT_EQ(x.rss_bytes, 0u);
  EXPECT_EQ(x.restart_due_ms, 0);
}

TEST_F(process_test, exit_of_an_earlier_run_is_ignored_after_a_restart) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  auto first = child();
  exited(0);
  ASSERT_TRUE(start());
  auto events = rec.events.size();
  auto published = rec.snaps.size();
  exited(1, 0, false, first);
  self->send(aut, atom::usage_v, first, 50.0, uint64_t{99});
  run();
  EXPECT_EQ(rec.snaps.size(), published);
  EXPECT_EQ(rec.events.size(), events);
  EXPECT_EQ(last().status, st::running);
  EXPECT_EQ(last().run_id, 2u);
  EXPECT_EQ(last().cpu_percent, 0);
}

TEST_F(process_test, marks_set_supervisor_states_while_no_run_is_alive) {
  spawn(test::make_process_def());
  self->send(aut, atom::mark_v, st::waiting, int64_t{0}, std::string{});
  run();
  EXPECT_EQ(last().status, st::waiting);
  ASSERT_TRUE(start());
  auto published = rec.snaps.size();
  self->send(aut, atom::mark_v, st::crashed, int64_t{0}, std::string{"x"});
  run();
  EXPECT_EQ(rec.snaps.size(), published) << "a live run ignores marks";
  EXPECT_EQ(last().status, st::running);
  exited(1);
  self->send(aut, atom::mark_v, st::crashed, int64_t{0},
             std::string{"gave up after 3 consecutive restarts"});
  run();
  EXPECT_EQ(last().status, st::crashed);
  EXPECT_EQ(last().error, "gave up after 3 consecutive restarts");
  EXPECT_EQ(last().exit_code, 1) << "the last run's outcome stays visible";
  self->send(aut, atom::mark_v, st::idle, int64_t{0}, std::string{});
  run();
  EXPECT_EQ(last().status, st::idle);
  EXPECT_EQ(last().error, "gave up after 3 consecutive restarts")
    << "an empty reason keeps the previous one";
}

TEST_F(process_test, crashed_process_starts_again_with_its_error_cleared) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  exited(1);
  self->send(aut, atom::mark_v, st::crashed, int64_t{0}, std::string{"gave"});
  run();
  ASSERT_TRUE(start());
  EXPECT_EQ(last().status, st::running);
  EXPECT_TRUE(last().error.empty());
}

} // namespace
} // namespace hummel
