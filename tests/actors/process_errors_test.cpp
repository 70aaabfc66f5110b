// The PROCESS actor finds errors in its output: records, repeats, the
// quiet-gap tick on the fake clock, the snapshot fields, across restarts.

#include "tests/actors/process_fixture.hpp"
#include "tests/logs/temp_dir.hpp"

#include <chrono>
#include <fstream>
#include <variant>

namespace hummel {
namespace {

using namespace std::chrono_literals;

class process_errors_test : public test::process_fixture {
protected:
  std::vector<std::string> traceback() {
    return {"Traceback (most recent call last):",
            "  File \"/tmp/p/a.py\", line 2, in <module>", "    int('x')",
            "ValueError: invalid literal for int() with base 10: 'x'"};
  }

  error_page errors(error_query q = {}) {
    auto page = request<error_page>(aut, atom::errors_v, q);
    EXPECT_TRUE(page) << to_string(page.error());
    return page ? *page : error_page{};
  }
};

TEST_F(process_errors_test, quiet_gap_closes_the_group_and_publishes_it) {
  spawn(test::make_process_def("app", "python3 a.py"));
  ASSERT_TRUE(start());
  output(traceback(), 2);
  // The group is still open: nothing yet.
  EXPECT_TRUE(errors().records.empty());
  EXPECT_EQ(last().error_count, 0u);
  advance_time(250ms);
  auto page = errors();
  ASSERT_EQ(page.records.size(), 1u);
  const auto& r = page.records[0];
  EXPECT_EQ(r.kind, "python-traceback");
  EXPECT_EQ(r.process, "app");
  EXPECT_EQ(r.run, 1u);
  EXPECT_EQ(r.stream, "stderr");
  EXPECT_EQ(r.file, "/tmp/p/a.py");
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(r.lines.size(), 4u);
  EXPECT_EQ(last().error_count, 1u);
  EXPECT_EQ(last().last_error,
            "python-traceback: ValueError: invalid literal for int() with "
            "base 10: 'x' (/tmp/p/a.py:2)");
}

TEST_F(process_errors_test, same_error_three_times_is_one_record_count_3) {
  spawn(test::make_process_def("app"));
  ASSERT_TRUE(start());
  for (int i = 0; i < 3; ++i) {
    output(traceback(), 2);
    advance_time(250ms);
  }
  auto page = errors();
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0].count, 3u);
  EXPECT_EQ(last().error_count, 1u);
}

TEST_F(process_errors_test, normal_stderr_lines_make_no_record) {
  spawn(test::make_process_def("svc"));
  ASSERT_TRUE(start());
  output({"[info] listening on :8080", "GET /api 200 3ms",
          "webpack compiled successfully", "warming cache..."},
         2);
  advance_time(1s);
  EXPECT_TRUE(errors().records.empty());
  EXPECT_EQ(last().error_count, 0u);
}

TEST_F(process_errors_test, run_end_closes_the_group_and_fills_error) {
  spawn(test::make_process_def("job"));
  ASSERT_TRUE(start());
  output(traceback(), 2);
  exited(1);
  EXPECT_EQ(last().status, process_status::failed);
  EXPECT_EQ(last().error_count, 1u);
  EXPECT_NE(last().error.find("ValueError: invalid literal"), std::string::npos)
    << last().error;
}

TEST_F(process_errors_test, records_are_kept_across_a_restart) {
  spawn(test::make_process_def("job"));
  ASSERT_TRUE(start());
  output(traceback(), 2);
  exited(1);
  ASSERT_TRUE(start(1));
  output({"hello"}, 1);
  advance_time(250ms);
  auto page = errors();
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0].run, 1u);
  EXPECT_EQ(status()->error_count, 1u);
  // Filters: the run, the time.
  EXPECT_TRUE(errors({.since_ms = 0, .limit = 50, .severity = "", .run = 2})
                .records.empty());
  EXPECT_TRUE(errors({.since_ms = page.records[0].last_ms + 1,
                      .limit = 50,
                      .severity = "",
                      .run = 0})
                .records.empty());
}

TEST_F(process_errors_test, records_survive_a_daemon_restart_with_the_logs) {
  test::temp_dir dir;
  ASSERT_FALSE(dir.path().empty());
  ctx.log_dir = dir.path();
  spawn(test::make_process_def("job", "python3 a.py"));
  ASSERT_TRUE(start());
  output({"starting"}, 1);
  output(traceback(), 2);
  exited(1);
  ASSERT_TRUE(start(1));
  output(traceback(), 2); // the same error again: one record, count 2
  exited(1);
  ASSERT_EQ(errors().records.size(), 1u);
  // A daemon restart: a new actor reads the log file back.
  respawn(test::make_process_def("job", "python3 a.py"));
  auto page = errors();
  ASSERT_EQ(page.records.size(), 1u);
  const auto& r = page.records[0];
  EXPECT_EQ(r.kind, "python-traceback");
  EXPECT_EQ(r.count, 2u);
  EXPECT_EQ(r.run, 2u);
  EXPECT_EQ(r.stream, "stderr");
  EXPECT_EQ(r.file, "/tmp/p/a.py");
  EXPECT_EQ(r.lines.size(), 4u);
  EXPECT_EQ(last().error_count, 1u);
  EXPECT_NE(last().last_error.find("ValueError"), std::string::npos);
  // The next run's errors join them.
  ASSERT_TRUE(start());
  output({"Traceback (most recent call last):",
          "  File \"/tmp/p/b.py\", line 9, in <module>", "KeyError: 'port'"},
         2);
  exited(1);
  EXPECT_EQ(errors().records.size(), 2u);
  EXPECT_EQ(last().error_count, 2u);
}

TEST(process_errors_rules, clearing_mid_run_is_no_new_run) {
  detail::process_errors errs{"p", nullptr};
  errs.feed(1, "> shop@1.0.0 start", 1, 1, 1000); // npm's echo: skipped
  errs.feed(1, "listening", 2, 1, 1000);
  errs.clear();
  // The run goes on: a line like the echo is output, not a new run's echo.
  errs.feed(1, "> ERROR: disk full", 3, 1, 1000);
  errs.finish();
  auto page = errs.query({});
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0].message, "disk full");
}

TEST(process_errors_rules, user_matchers_find_their_errors) {
  test::temp_dir dir;
  std::ofstream{dir.path() / "m.json"} << R"j({"owner": "mytool", "pattern": [
    {"regexp": "^(\\S+):(\\d+): BAD (.*)$", "file": 1, "line": 2,
     "message": 3}]})j";
  auto rules = detail::rules_with({dir.path() / "m.json"}, dir.path());
  ASSERT_TRUE(
    std::holds_alternative<std::shared_ptr<const errors::rule_set>>(rules))
    << std::get<std::string>(rules);
  detail::process_errors errs{"p", std::get<0>(rules)};
  EXPECT_TRUE(errs.feed(1, "src/x.c:7: BAD thing", 1, 1, 1000)
              || errs.finish());
  auto page = errs.query({});
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0].kind, "mytool");
  EXPECT_EQ(page.records[0].file, "src/x.c");
  EXPECT_EQ(page.records[0].line, 7u);
}

TEST(process_errors_rules, a_bad_matcher_is_refused_naming_file_and_matcher) {
  test::temp_dir dir;
  std::ofstream{dir.path() / "m.json"}
    << R"j({"owner": "lookbehind", "pattern": [
         {"regexp": "(?<=x)error (.*)", "message": 1}]})j";
  auto rules = detail::rules_with({dir.path() / "m.json"}, dir.path());
  ASSERT_TRUE(std::holds_alternative<std::string>(rules));
  const auto& why = std::get<std::string>(rules);
  EXPECT_EQ(why.rfind("m.json:", 0), 0u) << why;
  EXPECT_NE(why.find("lookbehind"), std::string::npos) << why;
}

} // namespace
} // namespace hummel
