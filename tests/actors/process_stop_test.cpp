// The PROCESS actor alone: stopping a run (signal, grace, SIGKILL), and the
// answers to `stop`.

#include "tests/actors/process_fixture.hpp"

using namespace std::chrono_literals;

namespace hummel {
namespace {

using st = process_status;
using ev = run_event::kind;

class process_stop_test : public test::process_fixture {};

TEST_F(process_stop_test, stop_when_idle_answers_at_once_without_a_signal) {
  spawn(test::make_process_def());
  request_stop();
  ASSERT_EQ(stop_replies.size(), 1u);
  EXPECT_EQ(stop_replies[0]->status, st::idle);
  EXPECT_TRUE(launcher.stops.empty());
  EXPECT_EQ(rec.snaps.size(), 1u) << "nothing changed, nothing published";
}

TEST_F(process_stop_test, stop_signals_with_the_grace_and_answers_after_exit) {
  auto def = test::make_process_def();
  def.stop_signal = 2;
  def.grace_period = 3000ms;
  spawn(def);
  ASSERT_TRUE(start());
  auto kid = child();
  advance_time(2s);
  request_stop();
  EXPECT_TRUE(stop_replies.empty()) << "answered only when the run ended";
  EXPECT_EQ(last().status, st::stopping);
  ASSERT_EQ(launcher.stops.size(), 1u);
  EXPECT_EQ(launcher.stops[0].child, kid);
  EXPECT_EQ(launcher.stops[0].signal, 2);
  EXPECT_EQ(launcher.stops[0].grace, 3000ms);
  advance_time(500ms);
  exited(-1, 2, true);
  ASSERT_EQ(stop_replies.size(), 1u);
  EXPECT_EQ(stop_replies[0], rec.snaps.back()) << "the final snapshot";
  EXPECT_EQ(last().status, st::stopped);
  EXPECT_EQ(last().signal, 2);
  EXPECT_EQ(statuses(), (std::vector<st>{st::idle, st::running, st::stopping,
                                         st::stopped}));
  ASSERT_EQ(rec.events.back().what, ev::exited);
  EXPECT_TRUE(rec.events.back().requested);
  EXPECT_EQ(rec.events.back().duration_ms, 2500);
}

TEST_F(process_stop_test, kill_after_the_grace_is_stopped_with_sigkill) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  request_stop();
  // The reactor sends SIGKILL when the grace runs out; the actor only
  // hears the exit.
  exited(-1, 9, true);
  ASSERT_EQ(stop_replies.size(), 1u);
  EXPECT_EQ(stop_replies[0]->status, st::stopped);
  EXPECT_EQ(stop_replies[0]->signal, 9);
  EXPECT_EQ(stop_replies[0]->exit_code, -1);
  EXPECT_EQ(launcher.stops.size(), 1u) << "the SIGKILL is the reactor's job";
}

TEST_F(process_stop_test, second_stop_signals_once_and_both_get_the_answer) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  request_stop();
  auto published = rec.snaps.size();
  request_stop();
  EXPECT_EQ(rec.snaps.size(), published) << "still stopping: no publish";
  EXPECT_EQ(launcher.stops.size(), 1u);
  EXPECT_TRUE(stop_replies.empty());
  exited(0, 0, true);
  ASSERT_EQ(stop_replies.size(), 2u);
  EXPECT_EQ(stop_replies[0], stop_replies[1]);
  EXPECT_EQ(stop_replies[0]->status, st::stopped);
}

TEST_F(process_stop_test, stop_before_the_reactor_reports_the_start) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  auto kid = child();
  request_stop();
  EXPECT_EQ(last().status, st::stopping);
  ASSERT_EQ(launcher.stops_of(kid).size(), 1u);
  // The reactor's `started` arrives after the stop went out.
  self->send(aut, atom::started_v, kid, int32_t{5555}, int64_t{1000});
  run();
  exited(-1, 15, true);
  ASSERT_EQ(stop_replies.size(), 1u);
  EXPECT_EQ(last().status, st::stopped);
  EXPECT_EQ(last().pid, 5555);
  EXPECT_EQ(last().start_ms, 1000);
}

TEST_F(process_stop_test, exit_while_stopping_counts_as_requested) {
  // The run ends on its own just as the stop goes out: the reactor finds
  // it already ended and reports requested = false. The user asked for a
  // stop, so it is still a stop (not a failure the SUPERVISOR would count).
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  request_stop();
  exited(1, 0, false);
  ASSERT_EQ(stop_replies.size(), 1u);
  EXPECT_EQ(last().status, st::stopped);
  EXPECT_EQ(last().exit_code, 1);
  ASSERT_EQ(rec.events.back().what, ev::exited);
  EXPECT_TRUE(rec.events.back().requested);
}

TEST_F(process_stop_test, requested_exit_without_a_stop_is_stopped) {
  // The reactor ends runs on its own at shutdown (kill all) and says so.
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  exited(-1, 9, true);
  EXPECT_EQ(last().status, st::stopped);
  EXPECT_TRUE(rec.events.back().requested);
}

TEST_F(process_stop_test, start_while_stopping_spawns_nothing) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  request_stop();
  auto reply = start();
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)->status, st::stopping);
  EXPECT_EQ(launcher.spawns.size(), 1u);
  exited(0, 15, true);
  ASSERT_TRUE(start());
  EXPECT_EQ(launcher.spawns.size(), 2u) << "after the exit it starts again";
  EXPECT_EQ(last().status, st::running);
}

TEST_F(process_stop_test, stop_after_the_exit_answers_the_final_snapshot) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  exited(4);
  request_stop();
  ASSERT_EQ(stop_replies.size(), 1u);
  EXPECT_EQ(stop_replies[0]->status, st::failed);
  EXPECT_EQ(stop_replies[0]->exit_code, 4);
  EXPECT_TRUE(launcher.stops.empty());
}

TEST_F(process_stop_test,
       stop_of_a_marked_process_leaves_the_mark_to_the_owner) {
  // waiting/backoff are the SUPERVISOR's: it cancels them itself.
  spawn(test::make_process_def());
  self->send(aut, atom::mark_v, st::backoff, int64_t{5000}, std::string{});
  run();
  request_stop();
  ASSERT_EQ(stop_replies.size(), 1u);
  EXPECT_EQ(stop_replies[0]->status, st::backoff);
  EXPECT_TRUE(launcher.stops.empty());
}

} // namespace
} // namespace hummel
