// scripts_run with wait against stand-ins, on the fake clock: the answer
// comes when the STATUS CACHE shows the run ended (before the timeout), or
// at the timeout with the run still going; it carries the exit code, the
// duration and the run's output and stderr tails (ANSI stripped).

#include "mcp_session_support.hpp"

namespace hummel {
namespace {

using namespace std::chrono_literals;
using test::json;

class mcp_session_wait : public test::mcp_session_fixture {
protected:
  /// A line of run `run_id` of every process's (shared) ring.
  void line(uint64_t seq, uint32_t run_id, log_stream stream,
            std::string text) {
    log_line l;
    l.seq = seq;
    l.time_ms = 1000 + static_cast<int64_t>(seq);
    l.stream = stream;
    l.run_id = run_id;
    l.text = std::move(text);
    w.lines.push_back(std::move(l));
  }

  /// db's run `run_id` ended (exit `code`, or `sig`) after 1250 ms.
  snapshot_ptr ended(uint32_t run_id, int32_t code, int32_t sig = 0) {
    auto x = std::make_shared<process_snapshot>(
      *test::snap(1, "db", process_status::failed, run_id));
    x->exit_code = code;
    x->signal = sig;
    x->start_ms = 1'000'000;
    x->end_ms = 1'001'250;
    return x;
  }
};

TEST_F(mcp_session_wait, answers_when_the_run_ends_before_the_timeout) {
  auto s = session();
  auto ch = post(
    s, tool_request("scripts_run",
                    {{"name", "db"}, {"wait", true}, {"timeout_ms", 10000}}));
  run();
  EXPECT_TRUE(ch->outs.empty()) << "db runs: no answer yet";
  EXPECT_EQ(w.commands, (std::vector<std::string>{"run db"}));
  auto run_id = w.run_id;
  line(1, run_id - 1, log_stream::out, "an older run");
  line(2, run_id, log_stream::out, "building");
  line(3, run_id, log_stream::err, "\x1b[31merror:\x1b[0m 2 tests failed");
  line(4, run_id, log_stream::out, "done");
  advance_time(3s);
  EXPECT_TRUE(ch->outs.empty());
  self->send(w.cache, atom::update_v, ended(run_id, 3));
  run();
  auto r = result_of(ch->response());
  EXPECT_EQ(r["status"], "failed");
  EXPECT_EQ(r["run_id"], run_id);
  EXPECT_EQ(r["exit_code"], 3);
  EXPECT_EQ(r["signal"], nullptr);
  EXPECT_EQ(r["timed_out"], false);
  EXPECT_EQ(r["duplicate"], false);
  EXPECT_EQ(r["duration_ms"], 1250);
  EXPECT_EQ(r["output_tail"],
            (json{"building", "error: 2 tests failed", "done"}));
  EXPECT_EQ(r["stderr_tail"], (json{"error: 2 tests failed"}));
  auto text = ch->response()["result"]["content"][0]["text"].get<std::string>();
  EXPECT_EQ(text.rfind("db: failed; exit code 3 after 1.2 s\n", 0), 0u) << text;
  // The timer that comes later finds nothing to answer.
  advance_time(10s);
  EXPECT_EQ(ch->outs.size(), 1u);
}

TEST_F(mcp_session_wait, answers_at_the_timeout_while_the_run_goes_on) {
  auto s = session();
  auto ch = post(
    s, tool_request("scripts_run",
                    {{"name", "db"}, {"wait", true}, {"timeout_ms", 5000}}));
  run();
  line(1, w.run_id, log_stream::out, "still working");
  advance_time(5s - 1ms);
  EXPECT_TRUE(ch->outs.empty()) << "not before timeout_ms";
  advance_time(1ms);
  auto r = result_of(ch->response());
  EXPECT_EQ(r["timed_out"], true);
  EXPECT_EQ(r["status"], "running");
  EXPECT_EQ(r["exit_code"], nullptr);
  EXPECT_EQ(r["output_tail"], (json{"still working"}));
  EXPECT_EQ(r["stderr_tail"], json::array());
  // The run ending later sends nothing more.
  self->send(w.cache, atom::update_v, ended(w.run_id, 0));
  run();
  EXPECT_EQ(ch->outs.size(), 1u);
}

TEST_F(mcp_session_wait, a_run_killed_by_a_signal_has_no_exit_code) {
  auto s = session();
  auto ch
    = post(s, tool_request("scripts_run", {{"name", "db"}, {"wait", true}}));
  run();
  self->send(w.cache, atom::update_v, ended(w.run_id, -1, 9));
  run();
  auto r = result_of(ch->response());
  EXPECT_EQ(r["exit_code"], nullptr);
  EXPECT_EQ(r["signal"], 9);
  EXPECT_EQ(r["timed_out"], false);
}

TEST_F(mcp_session_wait,
       sees_the_end_even_when_the_next_run_is_in_the_same_delta) {
  auto s = session();
  auto ch
    = post(s, tool_request("scripts_run", {{"name", "db"}, {"wait", true}}));
  run();
  auto run_id = w.run_id;
  auto next = test::snap(1, "db", process_status::running, run_id + 1);
  // One publish holding both: the run's end, then the restart.
  status_delta d{7, 8, {ended(run_id, 1), next}, 0, {}, false};
  self->send(s, atom::delta_v, d);
  run();
  auto r = result_of(ch->response());
  EXPECT_EQ(r["run_id"], run_id);
  EXPECT_EQ(r["exit_code"], 1);
}

TEST_F(mcp_session_wait, waits_for_a_process_that_was_running_already) {
  auto s = session();
  auto ch
    = post(s, tool_request("scripts_run", {{"name", "web"}, {"wait", true}}));
  run();
  EXPECT_TRUE(ch->outs.empty());
  EXPECT_TRUE(w.commands.empty()) << "nothing started";
  auto x = std::make_shared<process_snapshot>(
    *test::snap(0, "web", process_status::succeeded, 1));
  x->exit_code = 0;
  self->send(w.cache, atom::update_v, snapshot_ptr{x});
  run();
  auto r = result_of(ch->response());
  EXPECT_EQ(r["duplicate"], true);
  EXPECT_EQ(r["status"], "succeeded");
  EXPECT_EQ(r["exit_code"], 0);
}

TEST_F(mcp_session_wait, a_cancelled_wait_answers_nothing_and_is_forgotten) {
  auto s = session();
  auto ch = post(
    s, tool_request("scripts_run", {{"name", "db"}, {"wait", true}}), 7, true);
  run();
  self->send(s, atom::close_v, uint64_t{7});
  run();
  self->send(w.cache, atom::update_v, ended(w.run_id, 1));
  run();
  advance_time(60s);
  EXPECT_TRUE(ch->outs.empty());
  // The session still answers.
  EXPECT_EQ(result_of(call(s, "scripts_status",
                           {{"name", "db"}}))["processes"][0]["status"],
            "failed");
}

TEST_F(mcp_session_wait, an_unknown_process_is_an_error_at_once) {
  auto s = session();
  auto r = call(s, "scripts_run", {{"name", "nope"}, {"wait", true}});
  EXPECT_EQ(error_of(r), "no process or script named 'nope'");
  advance_time(60s);
}

} // namespace
} // namespace hummel
