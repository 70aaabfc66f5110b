// The read path for an established session (actors/mcp_tools/read_path.hpp):
// reads answered on the calling thread by an engine initialized in the
// session's version, with the answers its SESSION gives.

#include "actors/mcp_tools/read_path.hpp"

#include "mcp_session_support.hpp"

namespace hummel {
namespace {

using test::json;

class mcp_read_path_session_test : public test::mcp_session_fixture {
protected:
  /// A read path over the fixture's context, configured as the gateway's.
  std::unique_ptr<mcp_read_path> read_path() {
    mcp::engine_config cfg;
    cfg.transport = mcp::transport_kind::http;
    cfg.check_results = false;
    return std::make_unique<mcp_read_path>(sys, &ctx, std::move(cfg));
  }
};

/// A handshake-era request (no `_meta`).
json legacy_request(int id, const std::string& method, json params) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", method},
          {"params", std::move(params)}};
}

json legacy_tool(int id, const std::string& tool, json args) {
  return legacy_request(id, "tools/call",
                        {{"name", tool}, {"arguments", std::move(args)}});
}

TEST_F(mcp_read_path_session_test,
       a_sessions_read_is_answered_as_its_session_would) {
  auto rp = read_path();
  uint64_t served = 0;
  for (const char* version :
       {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    // The SESSION a client opened over HTTP in `version`.
    mcp::engine_config cfg;
    cfg.transport = mcp::transport_kind::http;
    cfg.check_results = false;
    auto s = sys.spawn(mcp_session, &ctx, std::move(cfg));
    sessions.push_back(s);
    run();
    auto session_answer = [&](const json& msg, const mcp::http_headers& h) {
      auto ch = std::make_shared<test::recording_channel>();
      mcp_request req;
      req.body = msg.dump();
      req.reply = ch;
      req.http = true;
      req.headers = h;
      self->send(s, atom::request_v, std::move(req));
      run();
      return ch->outs.empty() ? mcp::output{} : ch->outs.back();
    };
    session_answer(
      legacy_request(0, "initialize",
                     {{"protocolVersion", version},
                      {"capabilities", json::object()},
                      {"clientInfo", {{"name", "t"}, {"version", "0"}}}}),
      {});
    mcp::http_headers h;
    h.protocol_version = version;
    for (const auto& msg :
         {legacy_tool(1, "scripts_status", {{"name", "web"}}),
          legacy_tool(2, "scripts_status", json::object()),
          legacy_tool(3, "scripts_list", {{"status", "stopped"}}),
          legacy_tool(4, "scripts_status", {{"nmae", "web"}}),
          legacy_request(5, "ping", json::object()),
          legacy_request(6, "resources/read", {{"uri", "hummel://nothing"}})}) {
      auto body = msg.dump();
      EXPECT_TRUE(mcp_read_path::wants_session(body) || msg["id"] == 6) << msg;
      auto ch = std::make_shared<test::recording_channel>();
      ASSERT_TRUE(rp->answer_session(version, body, h, ch)) << msg;
      ++served;
      EXPECT_EQ(sched.run(), 0u) << "no message was sent to anyone";
      ASSERT_EQ(ch->outs.size(), 1u) << msg;
      auto want = session_answer(msg, h);
      EXPECT_EQ(ch->outs[0].http_status, want.http_status) << msg;
      auto got = json::parse(ch->outs[0].json);
      auto expected = json::parse(want.json);
      // The view's age is read on two clocks: everything else must match.
      for (auto* j : {&got, &expected}) {
        auto& r = (*j)["result"];
        if (!r.is_object())
          continue;
        if (r.contains("structuredContent"))
          r["structuredContent"].erase("view_age_ms");
        for (auto& c : r.value("content", json::array())) {
          auto text = json::parse(c.value("text", ""), nullptr, false);
          if (text.is_object() && text.contains("view_age_ms"))
            r["content"] = "(the same as structuredContent, with the age)";
        }
      }
      EXPECT_EQ(got, expected) << version << " " << msg;
    }
    // A header that disagrees with the session's version: the same refusal.
    auto bad = h;
    bad.protocol_version = "2024-11-05";
    if (std::string{version} != "2024-11-05") {
      auto msg = legacy_tool(7, "scripts_list", json::object());
      auto ch = std::make_shared<test::recording_channel>();
      ASSERT_TRUE(rp->answer_session(version, msg.dump(), bad, ch));
      ++served;
      ASSERT_EQ(ch->outs.size(), 1u);
      auto want = session_answer(msg, bad);
      EXPECT_EQ(ch->outs[0].json, want.json);
      EXPECT_EQ(ch->outs[0].http_status, want.http_status);
    }
  }
  EXPECT_EQ(rp->answered(), served);
  // A version no session can have: nothing sent.
  auto ch = std::make_shared<test::recording_channel>();
  mcp::http_headers h;
  EXPECT_FALSE(rp->answer_session(
    "2026-07-28", legacy_request(1, "ping", json::object()).dump(), h, ch));
  EXPECT_TRUE(ch->outs.empty());
}

TEST_F(mcp_read_path_session_test, only_a_sessions_reads_are_wanted) {
  auto wants
    = [](const json& msg) { return mcp_read_path::wants_session(msg.dump()); };
  EXPECT_TRUE(wants(legacy_request(1, "ping", json::object())));
  EXPECT_TRUE(wants(legacy_tool(1, "cluster_status", json::object())));
  EXPECT_TRUE(wants(
    legacy_request(1, "resources/read", {{"uri", "hummel://processes"}})));
  EXPECT_TRUE(wants(
    legacy_request(1, "resources/read", {{"uri", "hummel://processes/web"}})));
  EXPECT_FALSE(wants(legacy_tool(1, "scripts_run", {{"name", "web"}})));
  EXPECT_FALSE(wants(legacy_tool(1, "logs_stream", {{"name", "web"}})));
  EXPECT_FALSE(wants(legacy_request(1, "tools/list", json::object())));
  EXPECT_FALSE(
    wants(legacy_request(1, "logging/setLevel", {{"level", "info"}})));
  EXPECT_FALSE(wants(
    legacy_request(1, "resources/subscribe", {{"uri", "hummel://processes"}})));
  EXPECT_FALSE(
    wants(legacy_request(1, "resources/read", {{"uri", "hummel://logs/web"}})));
  EXPECT_FALSE(wants(legacy_request(1, "initialize", json::object())));
  auto note = legacy_request(1, "ping", json::object());
  note.erase("id");
  EXPECT_FALSE(wants(note)) << "a notification changes nothing but is no read";
  EXPECT_FALSE(wants(json::array({legacy_request(1, "ping", json::object())})))
    << "a batch goes to the SESSION";
  EXPECT_FALSE(mcp_read_path::wants_session("{not json"));
  // Another node: nothing sent, the caller hands it to a SESSION.
  auto rp = read_path();
  auto ch = std::make_shared<test::recording_channel>();
  mcp::http_headers h;
  h.protocol_version = "2025-06-18";
  EXPECT_FALSE(rp->answer_session(
    "2025-06-18",
    legacy_tool(1, "scripts_status", {{"node", "elsewhere"}}).dump(), h, ch));
  EXPECT_TRUE(ch->outs.empty());
}

} // namespace
} // namespace hummel
