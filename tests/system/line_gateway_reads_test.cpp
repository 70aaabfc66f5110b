// The unix socket's gateway answers the reads of a connection that has no
// SESSION yet on the io thread that read them (no actor, no subscription to
// the STATUS CACHE, no hop): what `hummel ps` sends. A connection gets its
// SESSION at its first other line, and from then on every line goes there,
// in order. On CAF's test coordinator with a stand-in connection: a read
// answered here is complete before any actor runs.

#include "main/daemon/mcp_gateway.hpp"
#include "tests/actors/mcp_session_support.hpp"

#include <gtest/gtest.h>

namespace hummel {
namespace {

using test::json;

/// A connection that records the lines sent to it.
class fake_connection : public net::line_connection {
public:
  bool send_line(std::string line) override {
    lines.push_back(std::move(line));
    return true;
  }
  void close() override {
    // nop
  }
  void on_close(std::function<void()> f) override {
    closers.push_back(std::move(f));
  }
  bool closed() const override {
    return false;
  }
  /// The client hangs up.
  void hang_up() {
    for (auto& f : closers)
      f();
    closers.clear();
  }

  std::vector<std::string> lines;
  std::vector<std::function<void()>> closers;
};

json rpc(int id, const std::string& method, json params) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", method},
          {"params", std::move(params)}};
}

/// A stateless-era tools/call, as the CLI sends it.
json cli_call(int id, const std::string& tool, json args) {
  json meta{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
            {"io.modelcontextprotocol/clientCapabilities", json::object()},
            {"io.modelcontextprotocol/clientInfo",
             {{"name", "hummel-cli"}, {"version", "0"}}},
            {"hummel/briefText", true}};
  return rpc(id, "tools/call",
             {{"name", tool}, {"arguments", std::move(args)}, {"_meta", meta}});
}

/// `hummel ps`'s call: the listing in the compact form (mcp::meta::rows).
json rows_call(int id, json args) {
  auto msg = cli_call(id, "scripts_status", std::move(args));
  msg["params"]["_meta"]["hummel/rows"] = true;
  return msg;
}

/// The response in `line` without what differs between two reads of one
/// view (its age).
json comparable(const std::string& line) {
  auto r = json::parse(line, nullptr, false);
  if (r.is_object() && r.contains("result")
      && r["result"].contains("structuredContent"))
    r["result"]["structuredContent"].erase("view_age_ms");
  return r;
}

class line_gateway_reads : public test::mcp_session_fixture {
protected:
  line_gateway_reads() {
    run();
  }

  ~line_gateway_reads() override {
    gw.shutdown();
    run();
  }

  std::shared_ptr<fake_connection> open() {
    auto c = std::make_shared<fake_connection>();
    gw.on_open(c);
    return c;
  }

  void send(const std::shared_ptr<fake_connection>& c, const json& msg) {
    gw.on_line(c, msg.dump());
  }

  line_gateway gw{sys, &ctx};
};

TEST_F(line_gateway_reads, a_fresh_connections_reads_need_no_actor) {
  auto c = open();
  auto subscribers = w.subscribers.size();
  send(c, cli_call(1, "scripts_status",
                   {{"fields", {"status", "pid", "restarts"}}}));
  ASSERT_EQ(c->lines.size(), 1u) << "answered inside on_line";
  auto r = json::parse(c->lines[0], nullptr, false);
  ASSERT_TRUE(r.is_object()) << c->lines[0];
  EXPECT_EQ(r["id"], 1);
  auto procs = r["result"]["structuredContent"]["processes"];
  ASSERT_EQ(procs.size(), 2u) << r;
  EXPECT_EQ(procs[0]["name"], "web");

  send(c, rpc(2, "ping", json::object()));
  send(c, rpc(3, "resources/read", {{"uri", "hummel://processes/db"}}));
  send(c, cli_call(4, "scripts_list", json::object()));
  ASSERT_EQ(c->lines.size(), 4u);
  EXPECT_EQ(gw.answered_here(), 4u);
  EXPECT_EQ(gw.sessions(), 0u);
  EXPECT_EQ(sched.run(), 0u) << "no message was sent to anyone";
  EXPECT_EQ(w.subscribers.size(), subscribers) << "no SESSION subscribed";
  c->hang_up();
  EXPECT_EQ(sched.run(), 0u) << "nothing to shut down";
}

TEST_F(line_gateway_reads, after_a_command_every_line_goes_to_the_session) {
  auto c = open();
  send(c, cli_call(1, "scripts_restart", {{"name", "web"}}));
  EXPECT_TRUE(c->lines.empty()) << "a command waits for the actors";
  EXPECT_EQ(gw.sessions(), 1u);
  run();
  ASSERT_EQ(c->lines.size(), 1u);
  EXPECT_EQ(json::parse(c->lines[0])["id"], 1) << c->lines[0];

  // The read after it is the SESSION's, so it sees what the command did.
  send(c, cli_call(2, "scripts_status", {{"name", "web"}}));
  EXPECT_EQ(c->lines.size(), 1u);
  EXPECT_EQ(gw.answered_here(), 0u);
  run();
  ASSERT_EQ(c->lines.size(), 2u);
  EXPECT_EQ(json::parse(c->lines[1])["id"], 2) << c->lines[1];
  c->hang_up();
  EXPECT_EQ(gw.sessions(), 0u);
  run();
}

TEST_F(line_gateway_reads, answers_here_are_the_sessions_bytes) {
  // The same reads on a connection with a SESSION (its first line a
  // notification, which needs one) and on a fresh one.
  auto with = open();
  send(with, {{"jsonrpc", "2.0"},
              {"method", "notifications/cancelled"},
              {"params", {{"requestId", 99}}}});
  run();
  std::vector<json> reads{
    cli_call(1, "scripts_status", json::object()),
    cli_call(2, "scripts_status",
             {{"fields", {"status", "pid", "restarts", "urls"}}}),
    cli_call(3, "scripts_status", {{"name", "db"}}),
    cli_call(4, "scripts_status", {{"name", "nope"}}),
    cli_call(5, "scripts_status", {{"fields", 7}}),
    cli_call(6, "scripts_list", json::object()),
    rpc(7, "ping", json::object()),
    rpc(8, "resources/read", {{"uri", "hummel://processes/web"}}),
    rpc(9, "tools/call", {{"name", "scripts_status"}}), // no era, no session
    rows_call(10, {{"fields", {"status", "pid", "urls"}}}),
    rows_call(11, json::object()), // rendered once per view: no rows
  };
  for (const auto& msg : reads) {
    auto fresh = open();
    send(fresh, msg);
    ASSERT_EQ(fresh->lines.size(), 1u) << msg;
    if (msg["id"] == 10) { // the compact form, here as in a SESSION
      EXPECT_NE(fresh->lines[0].find(R"("columns":[)"), std::string::npos);
    }
    send(with, msg);
    run();
    ASSERT_FALSE(with->lines.empty());
    EXPECT_EQ(comparable(fresh->lines[0]), comparable(with->lines.back()))
      << msg;
    fresh->hang_up();
  }
  EXPECT_EQ(gw.answered_here(), reads.size());
  with->hang_up();
  run();
}

TEST_F(line_gateway_reads, what_is_not_a_read_goes_to_a_session) {
  std::vector<std::string> lines{
    R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])",
    R"({"jsonrpc":"2.0","method":"ping"})",
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})",
    R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_errors"}})",
    R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"hummel://logs/web"}})",
    "{not json",
  };
  for (const auto& l : lines) {
    auto c = open();
    gw.on_line(c, l);
    EXPECT_EQ(gw.sessions(), 1u) << l;
    run();
    c->hang_up();
    run();
  }
  EXPECT_EQ(gw.answered_here(), 0u);
}

} // namespace
} // namespace hummel
