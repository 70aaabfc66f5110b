// The PROCESS actor alone: output lines, URLs, log readiness, usage, the
// printer, and the order of output and exit.

#include "tests/actors/process_fixture.hpp"

#include <limits>

using namespace std::chrono_literals;

namespace hummel {
namespace {

using st = process_status;
using ev = run_event::kind;

class process_output_test : public test::process_fixture {
protected:
  /// Queues output and exit of the current run in `exit_first` order and
  /// lets the actor take both in one go.
  void output_and_exit(std::vector<std::string> lines, bool exit_first) {
    auto kid = child();
    auto out = [&] {
      self->send(aut, atom::output_v, kid, uint8_t{1}, std::move(lines));
    };
    auto end = [&] { self->send(aut, atom::exited_v, kid, 0, 0, false); };
    if (exit_first) {
      end();
      out();
    } else {
      out();
      end();
    }
    run();
  }
};

TEST_F(process_output_test, lines_carry_seq_run_stream_and_fake_clock_time) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  advance_time(1234ms);
  auto t1 = now_ms();
  output({"one", "two"});
  advance_time(10ms);
  output({"oops"}, 2);
  auto page = logs();
  ASSERT_EQ(page.lines.size(), 3u);
  EXPECT_EQ(texts(page), (std::vector<std::string>{"one", "two", "oops"}));
  EXPECT_EQ(page.lines[0].seq, 1u);
  EXPECT_EQ(page.lines[2].seq, 3u);
  EXPECT_EQ(page.first_seq, 1u);
  EXPECT_EQ(page.last_seq, 3u);
  EXPECT_EQ(page.lines[0].time_ms, t1);
  EXPECT_EQ(page.lines[1].time_ms, t1);
  EXPECT_EQ(page.lines[2].time_ms, t1 + 10);
  EXPECT_EQ(page.lines[0].stream, log_stream::out);
  EXPECT_EQ(page.lines[2].stream, log_stream::err);
  for (const auto& x : page.lines)
    EXPECT_EQ(x.run_id, 1u);
}

TEST_F(process_output_test, plain_output_publishes_no_snapshot) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  auto published = rec.snaps.size();
  output({"compiling", "done in 3s"});
  EXPECT_EQ(rec.snaps.size(), published);
}

TEST_F(process_output_test, urls_are_collected_once_each_up_to_sixteen) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  auto published = rec.snaps.size();
  output({"ready on http://localhost:3000/ and http://localhost:3000/"});
  EXPECT_EQ(rec.snaps.size(), published + 1);
  EXPECT_EQ(last().urls, std::vector<std::string>{"http://localhost:3000/"});
  output({"again http://localhost:3000/"});
  EXPECT_EQ(rec.snaps.size(), published + 1) << "a known url changes nothing";
  std::vector<std::string> many;
  for (int i = 0; i < 20; ++i)
    many.push_back("http://localhost:" + std::to_string(4000 + i) + "/");
  output(many);
  ASSERT_EQ(last().urls.size(), 16u);
  EXPECT_EQ(last().urls[1], "http://localhost:4000/");
  EXPECT_EQ(last().urls[15], "http://localhost:4014/");
}

TEST_F(process_output_test, an_ended_run_keeps_no_urls) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  output({"ready on http://localhost:3000/"});
  ASSERT_EQ(last().urls.size(), 1u);
  exited(0);
  EXPECT_TRUE(last().urls.empty()) << "nothing listens there any more";
}

TEST_F(process_output_test, log_readiness_matches_through_ansi_once) {
  auto def = test::make_process_def();
  def.ready.type = readiness::kind::log;
  def.ready.log_pattern = "listening on port \\d+";
  spawn(def);
  ASSERT_TRUE(start());
  EXPECT_FALSE(last().ready);
  EXPECT_EQ(event_kinds(), std::vector<ev>{ev::started});
  output({"listening on port x"});
  EXPECT_FALSE(last().ready);
  output({"noise", "\x1b[32mlistening on\x1b[0m port 8080", "more"});
  EXPECT_TRUE(last().ready);
  EXPECT_EQ(event_kinds(), (std::vector<ev>{ev::started, ev::ready}));
  EXPECT_EQ(logs().lines.size(), 4u) << "the whole batch is logged";
  output({"listening on port 8081"});
  EXPECT_EQ(rec.events.size(), 2u) << "ready is told once per run";
}

TEST_F(process_output_test, readiness_starts_over_with_every_run) {
  auto def = test::make_process_def();
  def.ready.type = readiness::kind::log;
  def.ready.log_pattern = "ready";
  spawn(def);
  ASSERT_TRUE(start());
  output({"ready"});
  EXPECT_TRUE(last().ready);
  exited(1);
  EXPECT_FALSE(last().ready) << "an ended run is not ready";
  ASSERT_TRUE(start());
  EXPECT_FALSE(last().ready);
  output({"ready"});
  EXPECT_TRUE(last().ready);
  EXPECT_EQ(rec.events.back().what, ev::ready);
  EXPECT_EQ(rec.events.back().run_id, 2u);
}

TEST_F(process_output_test, last_lines_are_logged_before_the_exit_snapshot) {
  // The reactor's order: output, then exited. The exit snapshot already
  // counts the last line, and URLs of the last burst belong to the run.
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  output_and_exit({"bye", "see http://localhost:9/"}, false);
  auto page = logs({}, true);
  EXPECT_EQ(texts(page),
            (std::vector<std::string>{"bye", "see http://localhost:9/",
                                      "exited with code 0 after 0.0 s"}))
    << "the run's end is a record of its own, after its last line";
  EXPECT_EQ(page.lines.back().stream, log_stream::event);
  ASSERT_EQ(statuses().back(), st::succeeded);
  const auto& x = last();
  EXPECT_EQ(x.last_seq, page.last_seq) << "exit snapshot knows the last line";
  // The URL snapshot went out before the exit snapshot.
  ASSERT_GE(rec.snaps.size(), 2u);
  const auto& before = *rec.snaps[rec.snaps.size() - 2];
  EXPECT_EQ(before.status, st::running);
  EXPECT_EQ(before.urls, std::vector<std::string>{"http://localhost:9/"});
}

TEST_F(process_output_test,
       output_after_the_exit_is_logged_but_changes_no_run) {
  // Out of the reactor's order (must not happen, must not break): lines
  // after the exit are kept under their run, but do not touch the ended
  // run's snapshot (no URL, no readiness, no publish).
  auto def = test::make_process_def();
  def.ready.type = readiness::kind::log;
  def.ready.log_pattern = "ready";
  spawn(def);
  ASSERT_TRUE(start());
  output_and_exit({"ready at http://localhost:9/"}, true);
  ASSERT_EQ(statuses().back(), st::succeeded);
  const auto& x = last();
  EXPECT_TRUE(x.urls.empty());
  EXPECT_FALSE(x.ready);
  EXPECT_EQ(event_kinds(), (std::vector<ev>{ev::started, ev::exited}));
  auto page = logs();
  ASSERT_EQ(page.lines.size(), 1u);
  EXPECT_EQ(page.lines[0].run_id, 1u);
  EXPECT_EQ(page.lines[0].text, "ready at http://localhost:9/");
}

TEST_F(process_output_test, a_restart_is_a_log_record_with_its_reason) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  exited(1);
  self->send(aut, atom::restart_v, std::string{"file changed: src/a.ts"});
  run();
  ASSERT_TRUE(start());
  ASSERT_TRUE(start(1)); // a no-op: it runs
  auto page = logs({}, true);
  ASSERT_EQ(page.lines.size(), 2u);
  EXPECT_EQ(page.lines[0].text, "exited with code 1 after 0.0 s");
  EXPECT_EQ(page.lines[1].text, "run 2 started, pid "
                                  + std::to_string(last().pid)
                                  + " (file changed: src/a.ts)");
  EXPECT_EQ(page.lines[1].stream, log_stream::event);
  EXPECT_EQ(page.lines[1].run_id, 2u);
}

TEST_F(process_output_test, late_lines_of_an_old_run_keep_their_run_id) {
  auto def = test::make_process_def();
  def.ready.type = readiness::kind::log;
  def.ready.log_pattern = "ready";
  spawn(def);
  ASSERT_TRUE(start());
  auto first = child();
  exited(0);
  ASSERT_TRUE(start());
  output({"ready http://localhost:1/"}, 1, first);
  output({"second run"});
  EXPECT_FALSE(last().ready) << "the old run's line readies nothing";
  EXPECT_TRUE(last().urls.empty());
  auto page = logs();
  ASSERT_EQ(page.lines.size(), 2u);
  EXPECT_EQ(page.lines[0].run_id, 1u);
  EXPECT_EQ(page.lines[1].run_id, 2u);
  EXPECT_LT(page.lines[0].seq, page.lines[1].seq) << "one sequence per actor";
}

TEST_F(process_output_test, usage_is_published_and_cleared_by_the_exit) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  self->send(aut, atom::usage_v, child(), 37.5, uint64_t{64} << 20);
  run();
  EXPECT_EQ(last().cpu_percent, 37.5);
  EXPECT_EQ(last().rss_bytes, uint64_t{64} << 20);
  exited(0);
  EXPECT_EQ(last().cpu_percent, 0);
  EXPECT_EQ(last().rss_bytes, 0u);
}

TEST_F(process_output_test, non_finite_cpu_is_published_as_zero) {
  // A snapshot crosses the wire to peers; CAF 0.17 cannot serialise an
  // infinite double (pack754 never ends), so it must not get into one.
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  for (double bad : {std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN(), -3.0}) {
    self->send(aut, atom::usage_v, child(), bad, uint64_t{1});
    run();
    EXPECT_EQ(last().cpu_percent, 0) << bad;
  }
}

TEST_F(process_output_test, printer_gets_the_lines_with_name_and_stream) {
  test::recording_printer printer;
  ctx.printer = &printer;
  spawn(test::make_process_def("api"));
  ASSERT_TRUE(start());
  output({"a", "b"}, 2);
  ASSERT_EQ(printer.calls.size(), 1u);
  EXPECT_EQ(printer.calls[0].name, "api");
  EXPECT_EQ(printer.calls[0].stream, 2);
  EXPECT_EQ(printer.calls[0].lines, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(texts(logs()), (std::vector<std::string>{"a", "b"}))
    << "printing does not take the lines from the log";
}

} // namespace
} // namespace hummel
