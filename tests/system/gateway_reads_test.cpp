// The HTTP gateway answers the reads of an established session on the io
// thread that parsed them (no hop to the SESSION actor), in the version the
// session negotiated; commands and everything else still go to the SESSION.
// On CAF's test coordinator with a stand-in exchange: a read answered here
// is complete before any actor runs.

#include "main/daemon/mcp_gateway.hpp"
#include "tests/actors/mcp_session_support.hpp"

#include <gtest/gtest.h>

namespace hummel {
namespace {

using test::json;

/// An exchange that records its response.
class fake_exchange : public net::http_exchange {
public:
  void respond(int s, net::http_headers h, std::string b) override {
    if (status != 0)
      return;
    status = s;
    headers = std::move(h);
    body = std::move(b);
  }
  void start_stream(int s, net::http_headers h) override {
    respond(s, std::move(h), {});
    streaming = true;
  }
  bool send_event(std::string data, std::string, std::optional<int>) override {
    body += data;
    return true;
  }
  bool send_comment(std::string_view) override {
    return true;
  }
  void end_stream() override {
    ended = true;
  }
  void on_close(std::function<void()> f) override {
    closers.push_back(std::move(f));
  }
  bool closed() const override {
    return false;
  }
  /// The exchange ends (its connection takes the next request).
  void finish() {
    for (auto& f : closers)
      f();
    closers.clear();
  }
  std::string header(const std::string& name) const {
    for (const auto& [k, v] : headers)
      if (k == name)
        return v;
    return {};
  }

  int status = 0;
  net::http_headers headers;
  std::string body;
  bool streaming = false;
  bool ended = false;
  std::vector<std::function<void()>> closers;
};

class gateway_reads : public test::mcp_session_fixture {
protected:
  ~gateway_reads() override {
    gw.shutdown();
    run();
  }

  /// POSTs `msg` (with the session id, if any, and the version header).
  std::shared_ptr<fake_exchange> post(const json& msg) {
    net::http_request req;
    req.method = "POST";
    req.target = "/mcp";
    req.body = msg.dump();
    req.peer = "127.0.0.1:1";
    if (!sid.empty()) {
      req.headers.emplace_back("mcp-session-id", sid);
      req.headers.emplace_back("mcp-protocol-version", "2025-06-18");
    }
    auto ex = std::make_shared<fake_exchange>();
    gw.handle(std::move(req), ex);
    return ex;
  }

  http_gateway gw{sys, &ctx, true};
  std::string sid;
};

json rpc(int id, const std::string& method, json params) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", method},
          {"params", std::move(params)}};
}

TEST_F(gateway_reads, a_sessions_read_needs_no_actor_and_a_command_does) {
  auto init = post(rpc(1, "initialize",
                       {{"protocolVersion", "2025-06-18"},
                        {"capabilities", json::object()},
                        {"clientInfo", {{"name", "t"}, {"version", "0"}}}}));
  run();
  ASSERT_EQ(init->status, 200) << init->body;
  sid = init->header("Mcp-Session-Id");
  ASSERT_FALSE(sid.empty());
  init->finish();
  run();
  const auto before = gw.answered_here();

  // A read: answered inside handle(), before any actor ran.
  auto status
    = post(rpc(2, "tools/call",
               {{"name", "scripts_status"}, {"arguments", {{"name", "web"}}}}));
  EXPECT_EQ(status->status, 200);
  auto r = json::parse(status->body, nullptr, false);
  ASSERT_TRUE(r.is_object()) << status->body;
  EXPECT_EQ(r["id"], 2);
  EXPECT_EQ(r["result"]["structuredContent"]["processes"][0]["name"], "web")
    << r;
  EXPECT_EQ(gw.answered_here(), before + 1);
  EXPECT_EQ(sched.run(), 0u) << "no message was sent to anyone";
  status->finish();

  auto read
    = post(rpc(3, "resources/read", {{"uri", "hummel://processes/db"}}));
  EXPECT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(gw.answered_here(), before + 2);
  read->finish();

  // A command goes to the SESSION: nothing until the actors run.
  auto cmd = post(
    rpc(4, "tools/call",
        {{"name", "scripts_restart"}, {"arguments", {{"name", "web"}}}}));
  EXPECT_EQ(cmd->status, 0) << cmd->body;
  run();
  EXPECT_EQ(cmd->status, 200) << cmd->body;
  EXPECT_EQ(gw.answered_here(), before + 2);
  cmd->finish();

  // An ended session's reads get 404 like everything else.
  sid = "0123";
  auto gone = post(rpc(5, "ping", json::object()));
  EXPECT_EQ(gone->status, 404);
}

} // namespace
} // namespace hummel
