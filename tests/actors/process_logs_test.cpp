// The PROCESS actor alone: the memory ring's bounds, log queries, the log
// file across actor lifetimes, and the real STATUS CACHE's view of it.

#include "actors/status_cache.hpp"
#include "tests/actors/process_fixture.hpp"
#include "tests/logs/temp_dir.hpp"

namespace hummel {
namespace {

using st = process_status;

class process_logs_test : public test::process_fixture {
protected:
  /// `n` lines "<prefix>0".."<prefix>n-1" of `stream`, one burst.
  void lines(size_t n, std::string prefix = "line", uint8_t stream = 1) {
    std::vector<std::string> xs;
    for (size_t i = 0; i < n; ++i)
      xs.push_back(prefix + std::to_string(i));
    output(std::move(xs), stream);
  }
};

TEST_F(process_logs_test, ring_keeps_at_most_log_max_lines) {
  auto def = test::make_process_def();
  def.log_max_lines = 3;
  spawn(def);
  ASSERT_TRUE(start());
  lines(5);
  auto page = logs();
  EXPECT_EQ(texts(page), (std::vector<std::string>{"line2", "line3", "line4"}));
  EXPECT_EQ(page.first_seq, 3u);
  EXPECT_EQ(page.last_seq, 5u);
}

TEST_F(process_logs_test, ring_drops_oldest_lines_over_log_max_bytes) {
  auto def = test::make_process_def();
  // "lineN" is 5 bytes: three lines fit, a fourth does not.
  def.log_max_bytes = 3 * (5 + log_ring::line_overhead) + 4;
  spawn(def);
  ASSERT_TRUE(start());
  lines(4);
  auto page = logs();
  EXPECT_EQ(texts(page), (std::vector<std::string>{"line1", "line2", "line3"}));
  EXPECT_EQ(page.first_seq, 2u);
}

TEST_F(process_logs_test, newest_line_stays_even_over_the_byte_budget) {
  auto def = test::make_process_def();
  def.log_max_bytes = 16;
  spawn(def);
  ASSERT_TRUE(start());
  output({"short", std::string(1000, 'x')});
  auto page = logs();
  ASSERT_EQ(page.lines.size(), 1u);
  EXPECT_EQ(page.lines[0].text.size(), 1000u);
  EXPECT_EQ(page.lines[0].seq, 2u);
}

TEST_F(process_logs_test, tail_query_answers_the_newest_lines_oldest_first) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  lines(10);
  log_query q;
  q.limit = 3;
  EXPECT_EQ(texts(logs(q)),
            (std::vector<std::string>{"line7", "line8", "line9"}));
  q.after_seq = 8;
  EXPECT_EQ(texts(logs(q)), (std::vector<std::string>{"line8", "line9"}));
}

TEST_F(process_logs_test, paging_query_answers_the_lines_after_the_cursor) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  lines(10);
  log_query q;
  q.limit = 3;
  q.tail = false;
  q.after_seq = 2;
  EXPECT_EQ(texts(logs(q)),
            (std::vector<std::string>{"line2", "line3", "line4"}));
  q.after_seq = 8;
  EXPECT_EQ(texts(logs(q)), (std::vector<std::string>{"line8", "line9"}));
}

TEST_F(process_logs_test, stream_filter_keeps_one_stream) {
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  lines(2, "out");
  lines(2, "err", 2);
  lines(1, "out-again");
  log_query q;
  q.stream = static_cast<uint8_t>(log_stream::err);
  EXPECT_EQ(texts(logs(q)), (std::vector<std::string>{"err0", "err1"}));
  q.stream = static_cast<uint8_t>(log_stream::out);
  EXPECT_EQ(texts(logs(q)),
            (std::vector<std::string>{"out0", "out1", "out-again0"}));
}

TEST_F(process_logs_test, paging_with_a_stream_filter_skips_other_lines) {
  // A follower of stderr pages oldest first. Lines of the other stream
  // right after its cursor must not hide the matching ones behind them.
  spawn(test::make_process_def());
  ASSERT_TRUE(start());
  lines(4, "out");
  lines(6, "err", 2);
  log_query q;
  q.limit = 3;
  q.tail = false;
  q.stream = static_cast<uint8_t>(log_stream::err);
  auto page = logs(q);
  EXPECT_EQ(texts(page), (std::vector<std::string>{"err0", "err1", "err2"}));
  ASSERT_FALSE(page.lines.empty());
  q.after_seq = page.lines.back().seq;
  EXPECT_EQ(texts(logs(q)), (std::vector<std::string>{"err3", "err4", "err5"}));
}

TEST_F(process_logs_test, logs_and_run_ids_survive_a_new_actor) {
  test::temp_dir dir;
  ASSERT_FALSE(dir.path().empty());
  ctx.log_dir = dir.path();
  spawn(test::make_process_def("api"));
  ASSERT_TRUE(start());
  lines(3);
  exited(0);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "api.log"));
  // A daemon restart: a new actor for the same definition.
  respawn(test::make_process_def("api"));
  auto page = logs();
  EXPECT_EQ(texts(page), (std::vector<std::string>{"line0", "line1", "line2"}));
  EXPECT_EQ(last().run_id, 1u) << "the run id continues from the file";
  ASSERT_TRUE(start());
  EXPECT_EQ(last().run_id, 2u);
  output({"fresh"});
  page = logs();
  ASSERT_EQ(page.lines.size(), 4u);
  // 1-3 output, 4 "exited with code 0", 5 "run 2 started", 6 "fresh".
  EXPECT_EQ(page.lines.back().seq, 6u) << "the sequence continues";
  EXPECT_EQ(page.lines.back().run_id, 2u);
}

TEST_F(process_logs_test, real_status_cache_view_follows_the_process) {
  view_cell<status_view> cell{make_empty_view("node")};
  cache = sys.spawn(status_cache, &cell, "node");
  spawn(test::make_process_def("web"), 0);
  auto view = [&] {
    auto v = cell.read();
    auto* x = v->find("web");
    return x != nullptr ? *x : process_snapshot{};
  };
  EXPECT_EQ(view().status, st::idle);
  ASSERT_TRUE(start());
  EXPECT_EQ(view().status, st::running);
  EXPECT_EQ(view().pid, 1000);
  output({"at http://127.0.0.1:5173/"});
  EXPECT_EQ(view().urls, std::vector<std::string>{"http://127.0.0.1:5173/"});
  request_stop();
  EXPECT_EQ(view().status, st::stopping);
  exited(-1, 15, true);
  EXPECT_EQ(view().status, st::stopped);
  EXPECT_EQ(view().signal, 15);
  EXPECT_EQ(cell.with([](const auto& v) { return v.size(); }), 1u);
}

} // namespace
} // namespace hummel
