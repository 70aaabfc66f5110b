// The read path without a hop (actors/mcp_tools/read_path.hpp): sessionless
// reads answered on the calling thread, with the same answers as a SESSION;
// and the render once per view version (actors/mcp_tools/render.hpp).

#include "actors/mcp_tools/read_path.hpp"
#include "actors/mcp_tools/render.hpp"

#include "mcp_session_support.hpp"

#include <thread>

namespace hummel {
namespace {

using test::json;

class mcp_read_path_test : public test::mcp_session_fixture {
protected:
  /// A read path over the fixture's context, configured as the gateway's.
  std::unique_ptr<mcp_read_path> read_path() {
    mcp::engine_config cfg;
    cfg.transport = mcp::transport_kind::http;
    cfg.check_results = false;
    return std::make_unique<mcp_read_path>(sys, &ctx, std::move(cfg));
  }

  /// The MCP headers of `msg`, as the fixture's `post` sets them.
  static mcp::http_headers headers_of(const json& msg) {
    mcp::http_headers h;
    h.protocol_version = "2026-07-28";
    h.method = msg["method"].get<std::string>();
    const auto& p = msg["params"];
    if (p.contains("name"))
      h.name = p["name"].get<std::string>();
    else if (p.contains("uri"))
      h.name = p["uri"].get<std::string>();
    return h;
  }

  /// Sends `msg` through `rp`; the channel holds what came back at once.
  std::shared_ptr<test::recording_channel>
  ask(mcp_read_path& rp, const json& msg, bool* served = nullptr) {
    auto ch = std::make_shared<test::recording_channel>();
    bool ok = rp.answer(msg.dump(), headers_of(msg), ch);
    if (served != nullptr)
      *served = ok;
    return ch;
  }

  /// A SESSION's raw answer (HTTP) to `msg`, with `check_results` as given.
  mcp::output session_answer(const json& msg, bool check_results = true) {
    mcp::engine_config cfg;
    cfg.transport = mcp::transport_kind::http;
    cfg.check_results = check_results;
    auto s = sys.spawn(mcp_session, &ctx, std::move(cfg));
    sessions.push_back(s);
    run();
    auto ch = post(s, msg, 0, true);
    run();
    EXPECT_EQ(ch->outs.size(), 1u);
    return ch->outs.empty() ? mcp::output{} : ch->outs.back();
  }

  /// The raw answer to `tool` (no arguments) in a legacy unix session of
  /// protocol `version`.
  std::string legacy_answer(const std::string& tool, const std::string& version,
                            bool check_results) {
    mcp::engine_config cfg;
    cfg.transport = mcp::transport_kind::unix_socket;
    cfg.check_results = check_results;
    auto s = sys.spawn(mcp_session, &ctx, std::move(cfg));
    sessions.push_back(s);
    run();
    post(s, {{"jsonrpc", "2.0"},
             {"id", 1},
             {"method", "initialize"},
             {"params",
              {{"protocolVersion", version},
               {"capabilities", json::object()},
               {"clientInfo", {{"name", "t"}, {"version", "0"}}}}}});
    run();
    auto ch
      = post(s, {{"jsonrpc", "2.0"},
                 {"id", 2},
                 {"method", "tools/call"},
                 {"params", {{"name", tool}, {"arguments", json::object()}}}});
    run();
    return ch->outs.empty() ? std::string{} : ch->outs.back().json;
  }

  static json structured(const mcp::output& o) {
    auto r = json::parse(o.json);
    auto s = r.at("result").at("structuredContent");
    s.erase("view_age_ms"); // read on another clock
    return s;
  }
};

TEST_F(mcp_read_path_test, a_read_is_answered_on_the_calling_thread) {
  auto rp = read_path();
  bool served = false;
  auto msg = tool_request("scripts_status", {{"name", "web"}});
  auto ch = ask(*rp, msg, &served);
  // Nothing ran on the actor system: the answer is there already.
  EXPECT_TRUE(served);
  ASSERT_EQ(ch->outs.size(), 1u);
  EXPECT_EQ(ch->outs[0].kind, mcp::output_kind::response);
  EXPECT_EQ(ch->outs[0].http_status, 200);
  EXPECT_EQ(rp->answered(), 1u);
  EXPECT_EQ(sched.run(), 0u) << "no message was sent to anyone";
  EXPECT_EQ(structured(ch->outs[0]), structured(session_answer(msg)));
}

TEST_F(mcp_read_path_test, two_threads_never_share_an_engine) {
  // The server's two io threads answer at once: each must have its own
  // engine (a hash of the thread id gave both the same one, and they took
  // turns at its mutex).
  auto rp = read_path();
  size_t a = 0;
  size_t b = 0;
  std::thread{[&] { a = rp->engine_of_this_thread(); }}.join();
  std::thread{[&] { b = rp->engine_of_this_thread(); }}.join();
  EXPECT_NE(a, b);
}

TEST_F(mcp_read_path_test, every_read_tool_answers_as_a_session_does) {
  auto rp = read_path();
  for (const auto& msg :
       {tool_request("scripts_status", json::object()),
        tool_request("scripts_status",
                     {{"status", "running"}, {"fields", {"pid"}}}),
        tool_request("scripts_list", json::object()),
        tool_request("scripts_list", {{"status", "stopped"}})}) {
    auto ch = ask(*rp, msg);
    ASSERT_EQ(ch->outs.size(), 1u) << msg;
    EXPECT_EQ(structured(ch->outs[0]), structured(session_answer(msg))) << msg;
  }
  json ping{{"jsonrpc", "2.0"},
            {"id", 7},
            {"method", "ping"},
            {"params", {{"_meta", test::modern_meta()}}}};
  auto ch = ask(*rp, ping);
  ASSERT_EQ(ch->outs.size(), 1u);
  EXPECT_EQ(ch->outs[0].json, session_answer(ping).json);
  json read{
    {"jsonrpc", "2.0"},
    {"id", 8},
    {"method", "resources/read"},
    {"params",
     {{"uri", "hummel://processes/db"}, {"_meta", test::modern_meta()}}}};
  ch = ask(*rp, read);
  ASSERT_EQ(ch->outs.size(), 1u);
  auto text = json::parse(ch->outs[0].json)["result"]["contents"][0]["text"];
  EXPECT_EQ(json::parse(text.get<std::string>())["status"], "stopped");
  EXPECT_EQ(sched.run(), 0u);
}

TEST_F(mcp_read_path_test, bad_requests_get_the_same_errors_as_on_a_session) {
  auto rp = read_path();
  auto bad_arg = tool_request("scripts_status", {{"nmae", "web"}});
  auto no_meta = tool_request("scripts_status", json::object());
  no_meta["params"].erase("_meta");
  auto old_version = tool_request("scripts_list", json::object());
  old_version["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"]
    = "2025-11-25";
  for (const auto& msg : {bad_arg, no_meta, old_version}) {
    auto ch = ask(*rp, msg);
    ASSERT_EQ(ch->outs.size(), 1u) << msg;
    auto want = session_answer(msg);
    EXPECT_EQ(ch->outs[0].json, want.json) << msg;
    EXPECT_EQ(ch->outs[0].http_status, want.http_status) << msg;
  }
  // Headers that name a read over a body that runs a command: the header
  // check refuses it here as on a session; nothing is run.
  auto run_msg = tool_request("scripts_run", {{"name", "web"}});
  auto ch = std::make_shared<test::recording_channel>();
  auto h = headers_of(run_msg);
  h.name = "scripts_status";
  ASSERT_TRUE(rp->answer(run_msg.dump(), h, ch));
  ASSERT_EQ(ch->outs.size(), 1u);
  EXPECT_EQ(ch->outs[0].http_status, 400);
  EXPECT_NE(ch->outs[0].json.find("Header mismatch"), std::string::npos);
  run();
  EXPECT_TRUE(w.commands.empty());
}

TEST_F(mcp_read_path_test, an_engine_of_the_read_path_never_holds_a_session) {
  auto rp = read_path();
  // An `initialize` the gateway's text check cannot see (escaped), under
  // read headers: answered, but the engine stays sessionless.
  std::string init
    = R"({"jsonrpc":"2.0","id":1,"method":"\u0069nitialize",)"
      R"("params":{"protocolVersion":"2025-06-18",)"
      R"("capabilities":{},"clientInfo":{"name":"x","version":"0"}}})";
  mcp::http_headers h;
  h.protocol_version = "2026-07-28";
  h.method = "ping";
  auto ch = std::make_shared<test::recording_channel>();
  ASSERT_TRUE(rp->answer(init, h, ch));
  json legacy_ping{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}};
  auto after = std::make_shared<test::recording_channel>();
  ASSERT_TRUE(rp->answer(legacy_ping.dump(), h, after));
  ASSERT_EQ(after->outs.size(), 1u);
  auto fresh = std::make_shared<test::recording_channel>();
  ASSERT_TRUE(read_path()->answer(legacy_ping.dump(), h, fresh));
  ASSERT_EQ(fresh->outs.size(), 1u);
  EXPECT_EQ(after->outs[0].json, fresh->outs[0].json);
  EXPECT_EQ(after->outs[0].http_status, fresh->outs[0].http_status);
}

TEST_F(mcp_read_path_test, only_reads_are_wanted_and_other_nodes_go_on) {
  auto h = [](const char* method, const char* name) {
    mcp::http_headers x;
    x.protocol_version = "2026-07-28";
    x.method = method;
    if (name != nullptr)
      x.name = name;
    return x;
  };
  EXPECT_TRUE(mcp_read_path::wants(h("tools/call", "scripts_status")));
  EXPECT_TRUE(mcp_read_path::wants(h("tools/call", "cluster_status")));
  EXPECT_TRUE(mcp_read_path::wants(h("ping", nullptr)));
  EXPECT_TRUE(mcp_read_path::wants(h("resources/read", "hummel://processes")));
  EXPECT_FALSE(mcp_read_path::wants(h("tools/call", "scripts_run")));
  EXPECT_FALSE(mcp_read_path::wants(h("tools/call", "logs_stream")));
  EXPECT_FALSE(mcp_read_path::wants(h("resources/read", "hummel://logs/web")));
  EXPECT_FALSE(mcp_read_path::wants(h("initialize", nullptr)));
  auto no_version = h("ping", nullptr);
  no_version.protocol_version.reset();
  EXPECT_FALSE(mcp_read_path::wants(no_version));
  // Another node: nothing sent, the caller hands it to a SESSION.
  auto rp = read_path();
  bool served = true;
  auto ch = ask(*rp, tool_request("scripts_status", {{"node", "elsewhere"}}),
                &served);
  EXPECT_FALSE(served);
  EXPECT_TRUE(ch->outs.empty());
  EXPECT_EQ(rp->answered(), 0u);
}

TEST_F(mcp_read_path_test, messages_mode_asks_the_status_cache) {
  ctx.read_by_message = true;
  auto rp = read_path();
  // The cell says db is running; the STATUS CACHE still says stopped.
  view_builder b;
  b.fold(test::snap(0, "web", process_status::running));
  b.fold(test::snap(1, "db", process_status::running));
  cell.publish(b.build(99, "test-node", 0));
  auto ch = ask(*rp, tool_request("scripts_status", {{"name", "db"}}));
  EXPECT_TRUE(ch->outs.empty()) << "the answer waits for the cache";
  run();
  ASSERT_EQ(ch->outs.size(), 1u);
  auto r = json::parse(ch->outs[0].json)["result"]["structuredContent"];
  EXPECT_EQ(r["processes"][0]["status"], "stopped") << r;
  ctx.read_by_message = false;
  auto view_rp = read_path();
  ch = ask(*view_rp, tool_request("scripts_status", {{"name", "db"}}));
  ASSERT_EQ(ch->outs.size(), 1u);
  r = json::parse(ch->outs[0].json)["result"]["structuredContent"];
  EXPECT_EQ(r["processes"][0]["status"], "running") << r;
}

TEST_F(mcp_read_path_test, two_reads_of_one_version_share_the_rendered_bytes) {
  auto view = cell.read();
  EXPECT_EQ(view->status_render.get(), nullptr);
  auto a = mcp_tools::status_rendered(*view, 1000);
  const auto* first = view->status_render.get();
  ASSERT_NE(first, nullptr);
  auto b = mcp_tools::status_rendered(*view, 1000);
  EXPECT_EQ(view->status_render.get(), first) << "rendered once";
  ASSERT_TRUE(a.rendered && b.rendered);
  EXPECT_EQ(a.rendered->structured, b.rendered->structured);
  EXPECT_EQ(a.rendered->text, b.rendered->text);
  // Only the age differs between two reads of one version.
  auto c = mcp_tools::status_rendered(*view, 1250);
  EXPECT_EQ(json::parse(c.rendered->structured)["view_age_ms"],
            1250 - view->built_ms);
  auto l1 = mcp_tools::list_rendered(*view);
  auto l2 = mcp_tools::list_rendered(*view);
  EXPECT_EQ(view->list_render.get() != nullptr, true);
  EXPECT_EQ(l1.rendered->structured, l2.rendered->structured);
}

TEST_F(mcp_read_path_test, a_new_version_renders_anew) {
  std::string before;
  {
    auto view = cell.read();
    before = mcp_tools::status_rendered(*view, 0).rendered->structured;
  }
  self->send(w.cache, atom::update_v,
             test::snap(1, "db", process_status::failed));
  run();
  auto view = cell.read();
  EXPECT_EQ(view->status_render.get(), nullptr) << "a new view starts empty";
  auto after
    = json::parse(mcp_tools::status_rendered(*view, 0).rendered->structured);
  EXPECT_EQ(after["processes"][1]["status"], "failed");
  EXPECT_NE(json::parse(before)["view_version"], after["view_version"]);
  // A copied view (a builder reusing one) starts without a render too.
  status_view copy = *view;
  EXPECT_EQ(copy.status_render.get(), nullptr);
}

TEST_F(mcp_read_path_test, the_rendered_answer_is_the_built_one_byte_for_byte) {
  // check_results on: the engine parses the render and builds the answer
  // the ordinary way; off: it splices the rendered bytes. Same clock.
  for (const char* tool : {"scripts_status", "scripts_list"}) {
    auto msg = tool_request(tool, json::object());
    auto built = session_answer(msg, true);
    auto spliced = session_answer(msg, false);
    EXPECT_EQ(spliced.json, built.json) << tool;
    // A legacy session (the CLI's): content and structuredContent only.
    for (const char* version : {"2025-06-18", "2025-03-26"}) {
      auto old_built = legacy_answer(tool, version, true);
      auto old_spliced = legacy_answer(tool, version, false);
      EXPECT_EQ(old_spliced, old_built) << tool << " " << version;
      EXPECT_NE(old_spliced.find("\"result\""), std::string::npos);
    }
  }
}

} // namespace
} // namespace hummel
