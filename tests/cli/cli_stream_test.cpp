// `hummel logs` (show, search, time filter, follow) and `hummel mcp` (the
// stdio relay), run as the built binary against a fake daemon.

#include "main/cli/format.hpp"
#include "main/cli/protocol.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

namespace {

using cli_test::fake_daemon;
using cli_test::run_hummel;
using cli_test::sandbox;
using nlohmann::json;

std::string dir_of(const sandbox& box) {
  return box.project.string();
}

json line(uint64_t seq, const std::string& text, const std::string& time = "") {
  return cli_test::canned_line(seq, text, time);
}

TEST(cli_stream, logs_show_search_and_filter_by_time) {
  sandbox box;
  auto now = hummel::cli::now_ms();
  auto old_time = hummel::cli::format_time(now - 3600 * 1000);
  auto new_time = hummel::cli::format_time(now - 60 * 1000);
  fake_daemon daemon{
    box.socket(), [&](const std::string& tool, const json&, const auto&) {
      if (tool == "logs_search")
        return cli_test::ok(cli_test::canned_matches(
          {line(9, "error two"), line(4, "error one")}, 9));
      return cli_test::ok(cli_test::canned_lines(
        {line(1, "an hour ago", old_time), line(2, "a minute ago", new_time)},
        2));
    }};
  ASSERT_TRUE(daemon.ok());
  auto dir = dir_of(box);
  auto r = run_hummel(box, {"logs", "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("web | an hour ago\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("web | a minute ago\n"), std::string::npos);

  r = run_hummel(box, {"logs", "--since", "10m", "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("an hour ago"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a minute ago"), std::string::npos);

  r = run_hummel(box, {"logs", "web", "-g", "err.r", "-n", "5", "--since", "3",
                       "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "10:00:04 web | error one\n10:00:09 web | error two\n");

  auto calls = daemon.calls();
  ASSERT_EQ(calls.size(), 3u);
  // (the engine adds the schema's defaults, e.g. follow: false)
  EXPECT_EQ(calls[0]["tool"], "logs_stream");
  EXPECT_EQ(calls[0]["args"]["limit"], 100);
  EXPECT_FALSE(calls[0]["args"].contains("name"));
  EXPECT_FALSE(calls[0]["args"].contains("since_seq"));
  EXPECT_EQ(calls[0]["args"]["follow"], false);
  EXPECT_EQ(calls[2]["tool"], "logs_search");
  EXPECT_EQ(calls[2]["args"], (json{{"query", "err.r"},
                                    {"regex", true},
                                    {"limit", 5},
                                    {"name", "web"},
                                    {"since", 3}}));
}

TEST(cli_stream, logs_follow_prints_each_line_once) {
  sandbox box;
  int follows = 0;
  fake_daemon daemon{
    box.socket(), [&](const std::string& tool, const json& args,
                      const hummel::mcp::tool_progress& progress) {
      if (tool != "logs_stream")
        return cli_test::fail("unexpected " + tool);
      if (!args.value("follow", false)) {
        if (args.value("limit", 0) == 1) // the cursor
          return cli_test::ok(cli_test::canned_lines({line(3, "three")}, 3));
        return cli_test::ok(cli_test::canned_lines(
          {line(1, "one"), line(2, "two"), line(3, "three")}, 3));
      }
      switch (++follows) {
      case 1:
        progress(1, line(4, "four"));
        progress(2, line(5, "five"));
        return cli_test::ok(
          cli_test::canned_lines({line(4, "four"), line(5, "five")}, 5));
      case 2:
        progress(1, line(6, "six"));
        return cli_test::ok(cli_test::canned_lines({line(6, "six")}, 6));
      default:
        return cli_test::fail("<close>");
      }
    }};
  ASSERT_TRUE(daemon.ok());
  auto r = run_hummel(box, {"logs", "web", "-f", "--dir", dir_of(box)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("closed the connection"), std::string::npos) << r.err;
  auto expected = json::array();
  for (auto [seq, text] : std::vector<std::pair<int, std::string>>{{1, "one"},
                                                                   {2, "two"},
                                                                   {3, "three"},
                                                                   {4, "four"},
                                                                   {5, "five"},
                                                                   {6, "six"}})
    expected.push_back(line(seq, text));
  EXPECT_EQ(r.out, hummel::cli::format_log_lines(expected, false));
  auto calls = daemon.calls();
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[2]["args"], (json{{"name", "web"},
                                    {"since_seq", 3},
                                    {"follow", true},
                                    {"timeout_ms", 30000},
                                    {"limit", 100}}))
    << "every line comes as progress: the result only moves the cursor";
  EXPECT_EQ(calls[3]["args"]["since_seq"], 5);
  EXPECT_EQ(calls[4]["args"]["since_seq"], 6);
}

TEST(cli_stream, mcp_relays_messages_and_nothing_else) {
  sandbox box;
  fake_daemon daemon{
    box.socket(), [&](const std::string&, const json&, const auto&) {
      return cli_test::ok(cli_test::canned_statuses(json::array()));
    }};
  ASSERT_TRUE(daemon.ok());
  std::string input
    = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{)"
      R"("protocolVersion":"2025-06-18","capabilities":{},)"
      R"("clientInfo":{"name":"t","version":"1"}}})"
      "\n"
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
      "\n"
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{)"
      R"("name":"scripts_status","arguments":{}}})"; // no final newline
  auto r = run_hummel(box, {"mcp", "--dir", dir_of(box)}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<json> lines;
  size_t pos = 0;
  while (pos < r.out.size()) {
    auto nl = r.out.find('\n', pos);
    ASSERT_NE(nl, std::string::npos) << "unterminated output line";
    lines.push_back(json::parse(r.out.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_EQ(lines[0]["result"]["protocolVersion"], "2025-06-18");
  EXPECT_EQ(lines[1]["id"], 2);
  EXPECT_TRUE(lines[1]["result"].contains("structuredContent"));
}

} // namespace
