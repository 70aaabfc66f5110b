// The PROCESS actor with a launcher that queues its starts (the daemon's:
// launcher::spawn_queued), so that no CAF worker waits for a clone: the
// pid or the failure comes later in a `started` message, and `start`,
// `stop` and a second `start` are answered in the meantime as they would
// be after a start answered at once.

#include "tests/actors/process_fixture.hpp"

using namespace std::chrono_literals;

namespace hummel {
namespace {

using st = process_status;
using ev = run_event::kind;

class process_queued_start_test : public test::process_fixture {
protected:
  process_queued_start_test() {
    launcher.queue = true;
  }

  /// Asks for a run from a helper actor that keeps the (late) answer in
  /// `start_replies` or `start_errors`; runs everything.
  void request_start(uint32_t restarts = 0) {
    auto* replies = &start_replies;
    auto* errors = &start_errors;
    sys.spawn(
      [](caf::event_based_actor* client, std::vector<snapshot_ptr>* replies,
         std::vector<caf::error>* errors, process_actor target,
         uint32_t restarts) {
        client->request(target, caf::infinite, atom::start_v, restarts)
          .then([replies](snapshot_ptr& x) { replies->push_back(x); },
                [errors](caf::error& err) { errors->push_back(err); });
      },
      replies, errors, aut, restarts);
    run();
  }

  /// Plays the reactor: the queued child started with `pid`.
  void started(int32_t pid, int64_t time = 1'700'000'000'000) {
    self->send(aut, atom::started_v, child(), pid, time);
    run();
  }

  /// Plays the reactor: the queued child could not start.
  void not_started(std::string why) {
    self->send(aut, atom::started_v, child(), std::move(why));
    run();
  }

  std::vector<snapshot_ptr> start_replies;
  std::vector<caf::error> start_errors;
};

TEST_F(process_queued_start_test, start_is_answered_once_the_pid_comes) {
  spawn(test::make_process_def());
  request_start();
  ASSERT_EQ(launcher.spawns.size(), 1u);
  EXPECT_TRUE(start_replies.empty()) << "no pid yet, no answer";
  EXPECT_TRUE(start_errors.empty());
  EXPECT_EQ(statuses(), (std::vector<st>{st::idle})) << "nothing published";
  started(4242, 1'700'000'000'123);
  ASSERT_EQ(start_replies.size(), 1u);
  EXPECT_EQ(start_replies[0]->status, st::running);
  EXPECT_EQ(start_replies[0]->pid, 4242);
  EXPECT_EQ(start_replies[0]->start_ms, 1'700'000'000'123);
  EXPECT_EQ(start_replies[0], rec.snaps.back());
  EXPECT_TRUE(last().ready) << "no readiness check: ready once it runs";
  EXPECT_EQ(event_kinds(), (std::vector<ev>{ev::started, ev::ready}));
}

TEST_F(process_queued_start_test, a_failed_start_answers_the_error) {
  spawn(test::make_process_def());
  request_start();
  not_started("descriptor limit reached: cannot start sleep");
  EXPECT_TRUE(start_replies.empty());
  ASSERT_EQ(start_errors.size(), 1u);
  EXPECT_EQ(start_errors[0], ec::spawn_failed);
  EXPECT_EQ(last().status, st::failed);
  EXPECT_EQ(last().pid, 0);
  EXPECT_EQ(last().error, "descriptor limit reached: cannot start sleep");
  EXPECT_EQ(event_kinds(), (std::vector<ev>{ev::failed_to_start}));
  // The next start is a new run with a new child.
  request_start();
  ASSERT_EQ(launcher.spawns.size(), 2u);
  started(77);
  ASSERT_EQ(start_replies.size(), 1u);
  EXPECT_EQ(start_replies[0]->run_id, 2u);
  EXPECT_EQ(last().status, st::running);
  EXPECT_TRUE(last().error.empty());
}

TEST_F(process_queued_start_test, a_second_start_meanwhile_spawns_nothing) {
  spawn(test::make_process_def());
  request_start();
  request_start();
  EXPECT_EQ(launcher.spawns.size(), 1u) << "one run, queued once";
  started(4242);
  ASSERT_EQ(start_replies.size(), 2u);
  EXPECT_EQ(start_replies[0], start_replies[1]);
  EXPECT_EQ(start_replies[0]->pid, 4242);
  EXPECT_EQ(statuses(), (std::vector<st>{st::idle, st::running}));
}

TEST_F(process_queued_start_test, a_stop_meanwhile_follows_the_start) {
  auto def = test::make_process_def();
  def.stop_signal = 15;
  def.grace_period = 2000ms;
  spawn(def);
  request_start();
  auto kid = child();
  request_stop();
  // The stop goes out at once, behind the queued start (the reactor keeps
  // their order), and only once.
  ASSERT_EQ(launcher.stops.size(), 1u);
  EXPECT_EQ(launcher.stops[0].child, kid);
  EXPECT_EQ(launcher.stops[0].grace, 2000ms);
  request_stop();
  EXPECT_EQ(launcher.stops.size(), 1u);
  EXPECT_TRUE(stop_replies.empty());
  started(4242);
  ASSERT_EQ(start_replies.size(), 1u);
  EXPECT_EQ(start_replies[0]->status, st::stopping);
  EXPECT_FALSE(last().ready);
  EXPECT_EQ(event_kinds(), (std::vector<ev>{ev::started})) << "not ready";
  exited(-1, 15, true);
  ASSERT_EQ(stop_replies.size(), 2u);
  EXPECT_EQ(last().status, st::stopped);
  EXPECT_EQ(statuses(), (std::vector<st>{st::idle, st::stopping, st::stopped}));
}

TEST_F(process_queued_start_test, a_stop_meanwhile_of_a_failed_start_answers) {
  spawn(test::make_process_def());
  request_start();
  request_stop();
  not_started("reactor is shutting down");
  ASSERT_EQ(stop_replies.size(), 1u);
  EXPECT_EQ(stop_replies[0]->status, st::failed);
  ASSERT_EQ(start_errors.size(), 1u);
}

TEST_F(process_queued_start_test, answers_for_an_older_child_change_nothing) {
  spawn(test::make_process_def());
  request_start();
  self->send(aut, atom::started_v, child() + 1, int32_t{99}, int64_t{0});
  self->send(aut, atom::started_v, child() + 1, std::string{"no"});
  run();
  EXPECT_TRUE(start_replies.empty());
  EXPECT_TRUE(start_errors.empty());
  started(4242);
  ASSERT_EQ(start_replies.size(), 1u);
  EXPECT_EQ(start_replies[0]->pid, 4242);
}

} // namespace
} // namespace hummel
