// The pure parts of the CLI protocol: the request line (checked against the
// real MCP engine), reading responses and progress, exit codes, --since.

#include "main/cli/protocol.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

namespace {

using nlohmann::json;
using namespace hummel::cli;

constexpr const char* version_key = "io.modelcontextprotocol/protocolVersion";
constexpr const char* caps_key = "io.modelcontextprotocol/clientCapabilities";

TEST(cli_protocol, tool_call_carries_modern_meta) {
  auto req = make_tool_call(7, "scripts_status", json{{"name", "web"}}, false);
  EXPECT_EQ(req["jsonrpc"], "2.0");
  EXPECT_EQ(req["id"], 7);
  EXPECT_EQ(req["method"], "tools/call");
  EXPECT_EQ(req["params"]["name"], "scripts_status");
  EXPECT_EQ(req["params"]["arguments"], (json{{"name", "web"}}));
  const auto& meta = req["params"]["_meta"];
  EXPECT_EQ(meta[version_key], "2026-07-28");
  EXPECT_TRUE(meta[caps_key].is_object());
  EXPECT_FALSE(meta.contains("progressToken"));
  auto follow = make_tool_call(8, "logs_stream", json::object(), true);
  EXPECT_EQ(follow["params"]["_meta"]["progressToken"], 8);
  auto no_args = make_tool_call(9, "scripts_list", nullptr, false);
  EXPECT_EQ(no_args["params"]["arguments"], json::object());
}

// The real engine accepts the request without a handshake and answers with
// the structured content the CLI reads; a follow call's progress
// notifications carry the log lines.
TEST(cli_protocol, real_engine_answers_the_request) {
  cli_test::handler_backend be;
  std::vector<json> seen;
  be.record = [&](const std::string& tool, const json& args) {
    seen.push_back({{"tool", tool}, {"args", args}});
  };
  be.handler = [](const std::string& tool, const json&,
                  const hummel::mcp::tool_progress& progress) {
    if (tool == "logs_stream") {
      progress(1, cli_test::canned_line(4, "hi"));
      return cli_test::ok(cli_test::canned_lines(json::array(), 4));
    }
    if (tool == "logs_search")
      return cli_test::ok(cli_test::canned_matches(json::array(), 0));
    if (tool == "scripts_run") {
      auto s = cli_test::canned_status("x");
      s["duplicate"] = false;
      return cli_test::ok(s);
    }
    return cli_test::ok(cli_test::canned_statuses(json::array()));
  };
  hummel::mcp::engine_config cfg;
  cfg.transport = hummel::mcp::transport_kind::unix_socket;
  cfg.check_results = true;
  cfg.tools = cli_test::tools();
  hummel::mcp::engine eng{be, cfg};
  std::vector<std::string> out;
  auto collect = [&](hummel::mcp::output o) { out.push_back(o.json); };
  eng.handle(make_tool_call(1, "scripts_status", json::object(), false).dump(),
             collect);
  ASSERT_EQ(out.size(), 1u);
  auto in = classify_line(out[0]);
  ASSERT_EQ(in.kind, message_kind::response);
  auto r = parse_tool_response(in.message);
  EXPECT_EQ(r.exit, exit_ok) << r.error;
  EXPECT_EQ(r.structured, cli_test::canned_statuses(json::array()));

  out.clear();
  json args{{"name", "web"},       {"since_seq", 3}, {"follow", true},
            {"timeout_ms", 30000}, {"limit", 10000}, {"stream", "stdout"}};
  eng.handle(make_tool_call(2, "logs_stream", args, true).dump(), collect);
  ASSERT_EQ(out.size(), 2u);
  auto note = classify_line(out[0]);
  ASSERT_EQ(note.kind, message_kind::progress);
  EXPECT_EQ(progress_token(note.message), 2);
  auto line = progress_line(note.message);
  ASSERT_TRUE(line);
  EXPECT_EQ((*line)["text"], "hi");
  EXPECT_EQ(classify_line(out[1]).kind, message_kind::response);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1]["args"], args);

  // Search arguments pass the tool's input schema too.
  out.clear();
  json search{{"query", "a+"},
              {"regex", true},
              {"limit", 5},
              {"name", "web"},
              {"since", 3}};
  eng.handle(make_tool_call(3, "logs_search", search, false).dump(), collect);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(parse_tool_response(json::parse(out[0])).exit, exit_ok);
  json run{{"name", "x"},
           {"command", "sh"},
           {"args", {"-c", "true"}},
           {"cwd", "/tmp"}};
  out.clear();
  eng.handle(make_tool_call(4, "scripts_run", run, false).dump(), collect);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(parse_tool_response(json::parse(out[0])).exit, exit_ok);
}

TEST(cli_protocol, classifies_lines) {
  EXPECT_EQ(classify_line("not json").kind, message_kind::invalid);
  EXPECT_EQ(classify_line("[1]").kind, message_kind::invalid);
  EXPECT_EQ(classify_line(R"({"jsonrpc":"2.0","id":1,"result":{}})").kind,
            message_kind::response);
  EXPECT_EQ(
    classify_line(R"({"jsonrpc":"2.0","id":1,"error":{"code":1}})").kind,
    message_kind::response);
  EXPECT_EQ(classify_line(R"({"method":"notifications/progress"})").kind,
            message_kind::progress);
  EXPECT_EQ(classify_line(R"({"method":"notifications/message"})").kind,
            message_kind::notification);
  EXPECT_EQ(classify_line(R"({"id":3,"method":"ping"})").kind,
            message_kind::notification);
}

TEST(cli_protocol, reads_tool_responses) {
  auto ok = parse_tool_response(
    json::parse(R"({"id":1,"result":{"content":[],"structuredContent":
                   {"a":1}}})"));
  EXPECT_EQ(ok.exit, exit_ok);
  EXPECT_EQ(ok.structured, (json{{"a", 1}}));

  auto tool_error = parse_tool_response(json::parse(
    R"({"id":1,"result":{"isError":true,"content":[{"type":"text",
        "text":"no process or script named 'x'"}]}})"));
  EXPECT_EQ(tool_error.exit, exit_failed);
  EXPECT_EQ(tool_error.error, "no process or script named 'x'");

  auto rpc = parse_tool_response(json::parse(
    R"({"id":1,"error":{"code":-32602,"message":"Unknown tool: y"}})"));
  EXPECT_EQ(rpc.exit, exit_failed);
  EXPECT_EQ(rpc.error, "daemon error -32602: Unknown tool: y");

  EXPECT_EQ(parse_tool_response(json::parse(R"({"id":1})")).exit, exit_failed);
  EXPECT_EQ(
    parse_tool_response(json::parse(R"({"id":1,"result":{"content":[]}})"))
      .exit,
    exit_failed);
  auto silent = parse_tool_response(
    json::parse(R"({"id":1,"result":{"isError":true,"content":[]}})"));
  EXPECT_EQ(silent.exit, exit_failed);
  EXPECT_FALSE(silent.error.empty());
}

TEST(cli_protocol, progress_without_line_is_ignored) {
  auto m = json::parse(
    R"({"method":"notifications/progress","params":{"progressToken":"t"}})");
  EXPECT_FALSE(progress_line(m));
  EXPECT_FALSE(progress_token(m));
}

TEST(cli_protocol, exit_codes) {
  EXPECT_EQ(exit_code_for(hummel::net::client_errc::no_daemon), 3);
  EXPECT_EQ(exit_code_for(hummel::net::client_errc::closed), 1);
  EXPECT_EQ(exit_code_for(hummel::net::client_errc::timeout), 1);
  EXPECT_EQ(exit_code_for(hummel::net::client_errc::io), 1);
}

TEST(cli_protocol, parses_times) {
  auto base = parse_time("2026-11-26T10:00:00Z");
  ASSERT_TRUE(base);
  EXPECT_EQ(*base, 1795687200000);
  EXPECT_EQ(parse_time("2026-11-26T10:00:00.250Z"), *base + 250);
  EXPECT_EQ(parse_time("2026-11-26 10:00:00"), *base);
  EXPECT_EQ(parse_time("2026-11-26T10:00"), *base);
  EXPECT_EQ(parse_time("2026-11-26T12:00:00+02:00"), *base);
  EXPECT_EQ(parse_time("2026-11-26T09:30:00-0030"), *base);
  EXPECT_FALSE(parse_time("2026-13-26T10:00:00Z"));
  EXPECT_FALSE(parse_time("2026-11-26"));
  EXPECT_FALSE(parse_time("2026-11-26T10:00:00Zjunk"));
  EXPECT_FALSE(parse_time("yesterday"));
  EXPECT_EQ(format_time(*base + 5), "2026-11-26T10:00:00.005Z");
  EXPECT_EQ(parse_time(format_time(*base + 123)), *base + 123);
}

TEST(cli_protocol, parses_since) {
  auto seq = parse_since("42", 0);
  ASSERT_TRUE(seq);
  EXPECT_EQ(seq->seq, 42u);
  EXPECT_FALSE(seq->time_ms);
  int64_t now = 1'000'000'000;
  EXPECT_EQ(parse_since("30s", now)->time_ms, now - 30'000);
  EXPECT_EQ(parse_since("5m", now)->time_ms, now - 300'000);
  EXPECT_EQ(parse_since("2h", now)->time_ms, now - 7'200'000);
  EXPECT_EQ(parse_since("1d", now)->time_ms, now - 86'400'000);
  EXPECT_EQ(parse_since("2026-11-26T10:00:00Z", now)->time_ms,
            parse_time("2026-11-26T10:00:00Z"));
  EXPECT_FALSE(parse_since("", now));
  EXPECT_FALSE(parse_since("5x", now));
  EXPECT_FALSE(parse_since("m", now));
  EXPECT_FALSE(parse_since("99999999999999999999", now));
}

TEST(cli_protocol, colour_only_on_a_terminal_without_no_color) {
  EXPECT_TRUE(want_color(true, nullptr));
  EXPECT_TRUE(want_color(true, ""));
  EXPECT_FALSE(want_color(true, "1"));
  EXPECT_FALSE(want_color(false, nullptr));
}

TEST(cli_protocol, tracker_forgets_cancelled_requests) {
  request_tracker t;
  t.client_bytes(R"({"jsonrpc":"2.0","id":2,"method":"tools/call"})"
                 "\n");
  EXPECT_EQ(t.outstanding(), 1u);
  // The server answers nothing to a cancelled request.
  t.client_bytes(R"({"jsonrpc":"2.0","method":"notifications/cancelled",)"
                 R"("params":{"requestId":2}})"
                 "\n");
  EXPECT_EQ(t.outstanding(), 0u);
}

TEST(cli_protocol, tracker_counts_unanswered_requests) {
  request_tracker t;
  t.client_bytes(R"({"jsonrpc":"2.0","id":1,"method":"initialize"})"
                 "\n"
                 R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
                 "\n"
                 R"({"jsonrpc":"2.0","id":"a","meth)");
  EXPECT_EQ(t.outstanding(), 1u);
  t.client_bytes(R"(od":"tools/list"})"
                 "\n");
  EXPECT_EQ(t.outstanding(), 2u);
  // A server request and notification change nothing; a response does.
  t.server_bytes(R"({"id":1,"method":"ping"})"
                 "\n"
                 R"({"method":"notifications/progress"})"
                 "\n"
                 R"({"id":1,"res)");
  EXPECT_EQ(t.outstanding(), 2u);
  t.server_bytes("ult\":{}}\n");
  EXPECT_EQ(t.outstanding(), 1u);
  // The id must match exactly: 1 is not "1".
  t.server_bytes(R"({"id":"1","result":{}})"
                 "\n");
  EXPECT_EQ(t.outstanding(), 1u);
  t.server_bytes(R"([{"id":"a","result":{}}])"
                 "\n");
  EXPECT_EQ(t.outstanding(), 0u);
  t.client_bytes(R"([{"id":5,"method":"x"},{"id":6,"method":"y"}])"
                 "\n");
  EXPECT_EQ(t.outstanding(), 2u);
}

} // namespace
