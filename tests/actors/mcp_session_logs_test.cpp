// MCP SESSION log tools against stand-ins: logs_stream (one process, all,
// follow with progress on the fake clock, cancellation) and logs_search.

#include "logs/log_file.hpp"
#include "tests/support/memory.hpp"

#include "mcp_session_support.hpp"
#include <malloc.h>

namespace hummel {
namespace {

using namespace std::chrono_literals;
using test::json;

log_line make_line(uint64_t seq, std::string text,
                   log_stream stream = log_stream::out) {
  log_line l;
  l.seq = seq;
  l.time_ms = 1'700'000'000'000 + static_cast<int64_t>(seq);
  l.stream = stream;
  l.run_id = 1;
  l.text = std::move(text);
  return l;
}

class mcp_session_logs : public test::mcp_session_fixture {
protected:
  mcp_session_logs() {
    for (uint64_t i = 1; i <= 5; ++i)
      w.lines.push_back(make_line(i, "line " + std::to_string(i),
                                  i == 4 ? log_stream::err : log_stream::out));
  }

  /// Posts a `logs_stream` follow of web with a progress token; runs it.
  std::shared_ptr<test::recording_channel> follow(const mcp_session_actor& s,
                                                  int timeout_ms) {
    auto msg = tool_request(
      "logs_stream",
      {{"name", "web"}, {"follow", true}, {"timeout_ms", timeout_ms}});
    msg["params"]["_meta"]["progressToken"] = "p1";
    auto ch = post(s, msg);
    run();
    return ch;
  }

  /// The texts of `lines`.
  static std::vector<std::string> texts(const json& lines) {
    std::vector<std::string> result;
    for (const auto& l : lines)
      result.push_back(l["text"]);
    return result;
  }
};

TEST_F(mcp_session_logs, logs_stream_reads_the_lines_after_the_cursor) {
  auto s = session();
  auto r = result_of(
    call(s, "logs_stream", {{"name", "web"}, {"since_seq", 2}, {"limit", 2}}));
  EXPECT_EQ(texts(r["lines"]), (std::vector<std::string>{"line 4", "line 5"}));
  EXPECT_EQ(r["next_seq"], 5);
  EXPECT_EQ(r["truncated"], true) << "line 3 was skipped by the limit";
  r = result_of(
    call(s, "logs_stream", {{"name", "web"}, {"stream", "stderr"}}));
  EXPECT_EQ(texts(r["lines"]), (std::vector<std::string>{"line 4"}));
}

TEST_F(mcp_session_logs, logs_stream_of_an_unknown_process_is_an_error) {
  auto s = session();
  EXPECT_EQ(error_of(call(s, "logs_stream", {{"name", "nope"}})),
            "no process or script named 'nope'");
  EXPECT_EQ(
    error_of(call(s, "logs_stream", {{"name", "nope"}, {"follow", true}})),
    "no process or script named 'nope'");
}

TEST_F(mcp_session_logs, logs_stream_without_name_merges_every_process) {
  auto s = session();
  auto r = result_of(call(s, "logs_stream", {{"limit", 3}}));
  // web and db share the stand-in's ring: 10 lines, the newest 3 kept.
  EXPECT_EQ(r["lines"].size(), 3u);
  EXPECT_EQ(r["next_seq"], 0);
  EXPECT_EQ(r["truncated"], true);
}

TEST_F(mcp_session_logs, follow_reports_new_lines_until_its_timeout) {
  auto s = session();
  auto ch = follow(s, 1000);
  EXPECT_TRUE(ch->outs.empty()) << "waits for lines after the end";
  w.lines.push_back(make_line(6, "fresh"));
  advance_time(200ms);
  ASSERT_EQ(ch->outs.size(), 1u);
  EXPECT_EQ(ch->outs[0].kind, mcp::output_kind::notification);
  auto note = json::parse(ch->outs[0].json);
  EXPECT_EQ(note["method"], "notifications/progress");
  EXPECT_EQ(note["params"]["message"], "web: fresh");
  advance_time(600ms);
  EXPECT_TRUE(ch->response().is_null()) << "not before timeout_ms";
  advance_time(400ms);
  auto r = result_of(ch->response());
  EXPECT_EQ(texts(r["lines"]), (std::vector<std::string>{"fresh"}));
  EXPECT_EQ(r["next_seq"], 6);
}

// A follower that does not read costs nothing more: past 48 KiB unread the
// follow fetches no lines; a little behind, 100 lines a time; caught up,
// all of them.
TEST_F(mcp_session_logs, follow_waits_while_its_client_does_not_read) {
  auto s = session();
  auto ch = follow(s, 5000);
  for (uint64_t i = 6; i <= 305; ++i)
    w.lines.push_back(make_line(i, "l" + std::to_string(i)));
  ch->held = 64u << 10;
  advance_time(200ms);
  advance_time(200ms);
  EXPECT_TRUE(ch->outs.empty()) << "fetched while 64 KiB were unread";
  ch->held = 1000;
  advance_time(200ms);
  EXPECT_EQ(ch->outs.size(), 100u) << "a client behind gets 100 lines";
  ch->held = 0;
  advance_time(200ms);
  EXPECT_EQ(ch->outs.size(), 300u) << "a client that read gets the rest";
}

// A hundred followers that connect at once and never read: each fetched
// 1,000 lines at once before it had shown that it reads (a burst of 100,000
// lines of JSON that held up every other client). Now full batches only
// once everything sent was taken.
TEST_F(mcp_session_logs, full_batches_only_once_the_client_has_read) {
  auto s = session();
  auto ch = follow(s, 5000);
  for (uint64_t i = 6; i <= 505; ++i)
    w.lines.push_back(make_line(i, "l" + std::to_string(i)));
  advance_time(200ms);
  EXPECT_EQ(ch->outs.size(), 100u) << "a client not yet seen reading";
  ch->held = 4000; // it has not taken them yet
  advance_time(200ms);
  EXPECT_EQ(ch->outs.size(), 200u);
  ch->held = 0; // now it has
  advance_time(200ms);
  EXPECT_EQ(ch->outs.size(), 500u) << "a client that reads gets the rest";
}

// `hummel logs -f` asks for up to 10,000 lines per 30 s follow call: the
// call held them as JSON objects until its end, about 1 KB a line (the
// soak's three followers: RSS +30 MB, falling at each call's end). They are
// kept as lines now and made JSON at the end.
TEST_F(mcp_session_logs, a_follow_holds_its_lines_compactly) {
  if (!test::rss_is_meaningful)
    GTEST_SKIP() << "the sanitizer's allocator: mallinfo2 says nothing";
  w.lines.clear();
  auto s = session();
  auto msg = tool_request("logs_stream", {{"name", "web"},
                                          {"follow", true},
                                          {"timeout_ms", 60000},
                                          {"limit", 10000}});
  msg["params"]["_meta"]["progressToken"] = "p1";
  auto before = ::mallinfo2().uordblks;
  auto ch = post(s, msg);
  run();
  for (uint64_t i = 1; i <= 10000; ++i) // printed after the follow began
    w.lines.push_back(make_line(i, std::string(80, 'x')));
  uint64_t progress = 0;
  for (int i = 0; i < 30; ++i) {
    progress += ch->outs.size();
    ch->outs.clear(); // what the client has read
    advance_time(200ms);
  }
  progress += ch->outs.size();
  ch->outs.clear();
  ASSERT_EQ(progress, 10000u) << "every line reported once";
  auto held = ::mallinfo2().uordblks - std::min(before, ::mallinfo2().uordblks);
  EXPECT_LT(held, 4u << 20) << held << " bytes held for 10,000 lines";
  advance_time(60s);
  ASSERT_EQ(ch->outs.size(), 1u);
  auto r = result_of(ch->response());
  EXPECT_EQ(r["lines"].size(), 10000u);
  EXPECT_EQ(r["lines"][9999]["seq"], 10000);
}

TEST_F(mcp_session_logs, follow_from_a_cursor_answers_the_backlog) {
  auto s = session();
  auto ch = post(s, tool_request("logs_stream", {{"name", "web"},
                                                 {"since_seq", 3},
                                                 {"follow", true},
                                                 {"timeout_ms", 500}}));
  run();
  EXPECT_TRUE(ch->response().is_null());
  advance_time(600ms);
  auto r = result_of(ch->response());
  EXPECT_EQ(texts(r["lines"]), (std::vector<std::string>{"line 4", "line 5"}));
  EXPECT_EQ(r["next_seq"], 5);
}

TEST_F(mcp_session_logs, closing_the_exchange_cancels_a_follow) {
  auto s = session(mcp::transport_kind::http);
  auto ch = post(
    s,
    tool_request("logs_stream",
                 {{"name", "web"}, {"follow", true}, {"timeout_ms", 60000}}),
    7, true);
  run();
  self->send(s, atom::close_v, uint64_t{7});
  run();
  w.lines.push_back(make_line(6, "after close"));
  advance_time(1s);
  EXPECT_TRUE(ch->outs.empty()) << "nothing after the stream closed";
}

TEST_F(mcp_session_logs, notifications_cancelled_drops_a_follow) {
  auto s = session(mcp::transport_kind::unix_socket);
  auto init = post(s, {{"jsonrpc", "2.0"},
                       {"id", 0},
                       {"method", "initialize"},
                       {"params",
                        {{"protocolVersion", "2025-11-25"},
                         {"capabilities", json::object()},
                         {"clientInfo", {{"name", "t"}, {"version", "0"}}}}}});
  run();
  ASSERT_TRUE(init->response()["result"].is_object());
  json call{{"jsonrpc", "2.0"},
            {"id", 9},
            {"method", "tools/call"},
            {"params",
             {{"name", "logs_stream"},
              {"arguments", {{"name", "web"}, {"follow", true}}}}}};
  auto ch = post(s, call);
  run();
  post(s, {{"jsonrpc", "2.0"},
           {"method", "notifications/cancelled"},
           {"params", {{"requestId", 9}}}});
  run();
  ASSERT_EQ(ch->outs.size(), 1u);
  EXPECT_EQ(ch->outs[0].kind, mcp::output_kind::dropped);
  advance_time(31s);
  EXPECT_EQ(ch->outs.size(), 1u) << "the follow call is gone";
}

TEST_F(mcp_session_logs, shutdown_ends_a_follow_call) {
  auto s = session(mcp::transport_kind::unix_socket);
  auto ch
    = post(s, tool_request("logs_stream", {{"name", "web"}, {"follow", true}}));
  run();
  self->send(s, atom::shutdown_v);
  run();
  ASSERT_FALSE(ch->outs.empty());
  EXPECT_NE(ch->outs.back().kind, mcp::output_kind::notification);
}

TEST_F(mcp_session_logs, logs_search_finds_lines_in_the_log_files) {
  {
    log_file f{log_dir / "web.log"};
    std::vector<log_line> lines{make_line(1, "boot ok"),
                                make_line(2, "error: disk full"),
                                make_line(3, "error: again")};
    ASSERT_TRUE(f.append(lines)) << f.last_error();
  }
  auto s = session();
  auto r = result_of(call(s, "logs_search", {{"query", "error"}}));
  EXPECT_EQ(texts(r["matches"]),
            (std::vector<std::string>{"error: again", "error: disk full"}));
  r = result_of(call(s, "logs_search",
                     {{"query", "^boot"}, {"regex", true}, {"name", "web"}}));
  EXPECT_EQ(texts(r["matches"]), (std::vector<std::string>{"boot ok"}));
  r = result_of(call(s, "logs_search",
                     {{"query", "error"}, {"name", "web"}, {"since", 2}}));
  EXPECT_EQ(texts(r["matches"]), (std::vector<std::string>{"error: again"}));
}

TEST_F(mcp_session_logs, logs_search_errors_are_is_error_results) {
  auto s = session();
  EXPECT_NE(error_of(call(s, "logs_search", {{"query", "(a"}, {"regex", true}}))
              .find("invalid regular expression"),
            std::string::npos);
  EXPECT_EQ(
    error_of(call(s, "logs_search", {{"query", "x"}, {"name", "nope"}})),
    "no process or script named 'nope'");
  EXPECT_NE(error_of(call(s, "logs_search", {{"query", "x"}, {"since", 3}}))
              .find("needs name"),
            std::string::npos);
  EXPECT_EQ(
    error_of(call(s, "logs_search", {{"query", "x"}, {"since", "yesterday"}})),
    "'since' must be a sequence number or an ISO 8601 time");
}

} // namespace
} // namespace hummel
