// MCP SESSION: the logs_errors tool against stand-ins (records merged over
// processes newest first, filters, an unknown name).

#include "mcp_session_support.hpp"

namespace hummel {
namespace {

using test::json;

error_entry make_error(uint64_t id, int64_t last_ms, std::string process) {
  error_entry e;
  e.id = id;
  e.process = std::move(process);
  e.run = 1;
  e.stream = "stderr";
  e.first_ms = e.last_ms = last_ms;
  e.count = 2;
  e.severity = "error";
  e.kind = "python-traceback";
  e.message = "ValueError: bad " + std::to_string(id);
  e.file = "/p/a.py";
  e.line = 7;
  e.lines = {"Traceback (most recent call last):", e.message};
  return e;
}

class mcp_session_errors : public test::mcp_session_fixture {
protected:
  mcp_session_errors() {
    w.errors.push_back(make_error(2, 1'700'000'002'000, "web"));
    w.errors.push_back(make_error(1, 1'700'000'001'000, "web"));
  }
};

TEST_F(mcp_session_errors, one_process_returns_its_records_newest_first) {
  auto s = session();
  auto r = result_of(call(s, "logs_errors", {{"name", "web"}}));
  ASSERT_EQ(r["records"].size(), 2u) << r.dump(2);
  EXPECT_EQ(r["records"][0]["message"], "ValueError: bad 2");
  EXPECT_EQ(r["records"][0]["count"], 2);
  EXPECT_EQ(r["records"][0]["file"], "/p/a.py");
  EXPECT_EQ(r["records"][0]["line"], 7);
  EXPECT_EQ(r["records"][0]["column"], nullptr);
  EXPECT_EQ(r["records"][0]["time"], "2023-11-14T22:13:22.000Z");
  EXPECT_EQ(r["records"][1]["message"], "ValueError: bad 1");
}

TEST_F(mcp_session_errors, all_processes_merge_and_the_limit_truncates) {
  auto s = session();
  // web and db share the stand-in's records: 4, the newest 3 kept.
  auto r = result_of(call(s, "logs_errors", {{"limit", 3}}));
  EXPECT_EQ(r["records"].size(), 3u);
  EXPECT_EQ(r["truncated"], true);
  EXPECT_EQ(r["records"][0]["message"], "ValueError: bad 2");
}

TEST_F(mcp_session_errors, since_takes_an_iso_time_and_filters) {
  auto s = session();
  auto r
    = result_of(call(s, "logs_errors",
                     {{"name", "web"}, {"since", "2023-11-14T22:13:21.500Z"}}));
  ASSERT_EQ(r["records"].size(), 1u) << r.dump(2);
  EXPECT_EQ(r["records"][0]["message"], "ValueError: bad 2");
  EXPECT_EQ(error_of(call(s, "logs_errors", {{"since", "yesterday"}})),
            "since: not an ISO 8601 time or epoch ms");
}

TEST_F(mcp_session_errors, logs_clear_forgets_the_records_and_says_how_many) {
  auto s = session();
  w.lines.resize(3);
  auto r = result_of(
    call(s, "logs_clear", {{"name", "web"}, {"errors_only", true}}));
  ASSERT_EQ(r["cleared"].size(), 1u) << r.dump(2);
  EXPECT_EQ(r["cleared"][0]["name"], "web");
  EXPECT_EQ(r["cleared"][0]["error_records"], 2);
  EXPECT_EQ(r["cleared"][0]["lines"], 0);
  EXPECT_EQ(w.lines.size(), 3u); // errors only: the lines stay
  EXPECT_TRUE(
    result_of(call(s, "logs_errors", {{"name", "web"}}))["records"].empty());
  r = result_of(call(s, "logs_clear", {{"name", "*"}}));
  ASSERT_EQ(r["cleared"].size(), 2u) << r.dump(2); // web and db
  EXPECT_EQ(r["cleared"][0]["lines"], 3);
  EXPECT_TRUE(w.lines.empty());
  EXPECT_EQ(error_of(call(s, "logs_clear", {{"name", "nope"}})),
            "no process or script named 'nope'");
  EXPECT_EQ(w.commands.size(), 0u); // not a SUPERVISOR command
}

TEST_F(mcp_session_errors, an_unknown_process_is_an_error) {
  auto s = session();
  EXPECT_EQ(error_of(call(s, "logs_errors", {{"name", "nope"}})),
            "no process or script named 'nope'");
}

} // namespace
} // namespace hummel
