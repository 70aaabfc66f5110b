// MCP SESSION with its backend against stand-ins of the SUPERVISOR and the
// STATUS CACHE: the read tools, the engine's checks on the daemon's tool
// table, and resources.

#include "mcp_session_support.hpp"

namespace hummel {
namespace {

using test::json;

class mcp_session_reads : public test::mcp_session_fixture {};

TEST_F(mcp_session_reads, scripts_list_lists_every_process_of_the_view) {
  auto s = session();
  auto r = result_of(call(s, "scripts_list", json::object()));
  ASSERT_EQ(r["processes"].size(), 2u) << r;
  EXPECT_EQ(r["processes"][0]["name"], "web");
  EXPECT_EQ(r["processes"][0]["running"], true);
  EXPECT_EQ(r["processes"][1]["name"], "db");
  EXPECT_EQ(r["processes"][1]["running"], false);
  EXPECT_EQ(r["view_version"],
            cell.with([](const auto& v) { return v.version; }));
}

TEST_F(mcp_session_reads, scripts_status_reads_one_process_or_all) {
  auto s = session();
  auto one = result_of(call(s, "scripts_status", {{"name", "db"}}));
  ASSERT_EQ(one["processes"].size(), 1u);
  EXPECT_EQ(one["processes"][0]["status"], "stopped");
  EXPECT_EQ(one["node"], "test-node");
  auto all = result_of(call(s, "scripts_status", json::object()));
  EXPECT_EQ(all["processes"].size(), 2u);
  EXPECT_TRUE(w.commands.empty()) << "reads send no command";
}

TEST_F(mcp_session_reads, a_status_list_has_few_fields_one_process_all) {
  auto s = session();
  auto all = result_of(call(s, "scripts_status", json::object()));
  EXPECT_EQ(all["processes"][1], (json{{"name", "db"},
                                       {"status", "stopped"},
                                       {"pid", nullptr},
                                       {"exit_code", nullptr}}));
  auto one = result_of(call(s, "scripts_status", {{"name", "db"}}));
  EXPECT_EQ(one["processes"][0]["error"], nullptr) << "null, not \"\"";
  EXPECT_TRUE(one["processes"][0].contains("restarts"));
  EXPECT_TRUE(one["processes"][0].contains("urls"));
}

TEST_F(mcp_session_reads, a_status_list_names_the_error_count_where_not_0) {
  auto failed = std::make_shared<process_snapshot>(
    *test::snap(1, "db", process_status::failed));
  failed->exit_code = 2;
  failed->error_count = 3;
  self->send(w.cache, atom::update_v, snapshot_ptr{failed});
  run();
  // The view cell written directly, then the JSON path (by message): an
  // assistant sees which process has errors without asking for fields.
  for (bool by_message : {false, true}) {
    ctx.read_by_message = by_message;
    auto s = session();
    auto out = call(s, "scripts_status", json::object());
    auto r = result_of(out);
    EXPECT_FALSE(r["processes"][0].contains("error_count")) << by_message;
    EXPECT_EQ(r["processes"][1], (json{{"name", "db"},
                                       {"status", "failed"},
                                       {"pid", nullptr},
                                       {"exit_code", 2},
                                       {"error_count", 3}}))
      << by_message;
    auto text = out.at("result")["content"][0]["text"].get<std::string>();
    EXPECT_NE(text.find("ERRORS"), std::string::npos) << text;
    EXPECT_NE(text.find("\ndb    failed   -     2     3\n"), std::string::npos)
      << text;
  }
}

TEST_F(mcp_session_reads, status_and_fields_filter_status_and_list) {
  auto s = session();
  auto r = result_of(
    call(s, "scripts_status",
         {{"status", {"stopped", "failed"}}, {"fields", {"run_id", "ready"}}}));
  EXPECT_EQ(r["processes"],
            (json{{{"name", "db"}, {"run_id", 1}, {"ready", false}}}));
  r = result_of(call(s, "scripts_status", {{"status", "crashed"}}));
  EXPECT_EQ(r["processes"], json::array());
  // A named process the filter leaves out: an empty list, not an error.
  r = result_of(
    call(s, "scripts_status", {{"name", "web"}, {"status", "stopped"}}));
  EXPECT_EQ(r["processes"], json::array());
  r = result_of(
    call(s, "scripts_list", {{"status", "running"}, {"fields", {"kind"}}}));
  EXPECT_EQ(r["processes"], (json{{{"name", "web"}, {"kind", "service"}}}));
  ctx.read_by_message = true;
  auto m = session();
  r = result_of(call(m, "scripts_status", {{"status", "running"}}));
  ASSERT_EQ(r["processes"].size(), 1u);
  EXPECT_EQ(r["processes"][0]["name"], "web");
}

TEST_F(mcp_session_reads, scripts_status_of_an_unknown_process_is_an_error) {
  auto s = session();
  EXPECT_EQ(error_of(call(s, "scripts_status", {{"name", "nope"}})),
            "no process or script named 'nope'");
}

TEST_F(mcp_session_reads, scripts_status_by_message_asks_the_status_cache) {
  ctx.read_by_message = true;
  auto s = session();
  auto one = result_of(call(s, "scripts_status", {{"name", "web"}}));
  ASSERT_EQ(one["processes"].size(), 1u);
  EXPECT_EQ(one["processes"][0]["status"], "running");
  EXPECT_EQ(error_of(call(s, "scripts_status", {{"name", "nope"}})),
            "no process or script named 'nope'");
  EXPECT_EQ(
    result_of(call(s, "scripts_status", json::object()))["processes"].size(),
    2u);
}

TEST_F(mcp_session_reads, unknown_tool_is_a_protocol_error) {
  auto s = session();
  auto r = call(s, "no_such_tool", json::object());
  EXPECT_EQ(r["error"]["code"], -32602) << r;
  EXPECT_EQ(r["error"]["data"]["name"], "no_such_tool");
}

TEST_F(mcp_session_reads, bad_arguments_are_is_error_and_send_nothing) {
  auto s = session();
  EXPECT_NE(
    error_of(call(s, "scripts_stop", json::object())).find("name: required"),
    std::string::npos);
  EXPECT_NE(error_of(call(s, "scripts_run", {{"name", "web"}, {"x", 1}}))
              .find("x: unknown field"),
            std::string::npos);
  EXPECT_NE(error_of(call(s, "scripts_run", {{"name", "x"}, {"cwd", "/"}}))
              .find("need command"),
            std::string::npos);
  EXPECT_NE(error_of(call(s, "logs_stream", {{"since_seq", 3}}))
              .find("since_seq needs name"),
            std::string::npos);
  EXPECT_TRUE(w.commands.empty());
}

TEST_F(mcp_session_reads, tools_list_comes_from_the_daemon_table) {
  auto s = session();
  auto ch = post(s, {{"jsonrpc", "2.0"},
                     {"id", 1},
                     {"method", "tools/list"},
                     {"params", {{"_meta", test::modern_meta()}}}});
  run();
  auto tools = ch->response()["result"]["tools"];
  std::vector<std::string> names;
  for (const auto& t : tools)
    names.push_back(t["name"]);
  EXPECT_EQ(names,
            (std::vector<std::string>{
              "scripts_list", "scripts_run", "scripts_stop", "scripts_restart",
              "scripts_status", "logs_stream", "logs_search", "logs_errors",
              "logs_clear", "cluster_status", "config_reload"}));
}

TEST_F(mcp_session_reads, cluster_tools_without_a_cluster_view_fail) {
  auto s = session();
  EXPECT_EQ(error_of(call(s, "cluster_status", json::object())),
            "no cluster view");
  EXPECT_EQ(error_of(call(s, "scripts_status", {{"node", "other"}})),
            "this daemon has no cluster view");
  EXPECT_EQ(error_of(call(s, "scripts_stop", {{"name", "web"}, {"node", "x"}})),
            "this daemon has no cluster view");
  // This node by its own name is not remote.
  EXPECT_EQ(error_of(call(s, "scripts_list", {{"node", "test-node"}})), "");
  EXPECT_TRUE(w.commands.empty());
}

TEST_F(mcp_session_reads, resources_read_the_view) {
  auto s = session();
  auto read = [&](const std::string& uri) {
    auto ch
      = post(s, {{"jsonrpc", "2.0"},
                 {"id", 1},
                 {"method", "resources/read"},
                 {"params", {{"uri", uri}, {"_meta", test::modern_meta()}}}});
    run();
    return ch->response();
  };
  auto r = read("hummel://processes/web");
  auto text = r["result"]["contents"][0]["text"].get<std::string>();
  EXPECT_EQ(json::parse(text)["status"], "running");
  r = read("hummel://processes/nope");
  EXPECT_EQ(r["error"]["code"], -32602) << r;
  r = read("hummel://logs/web");
  text = r["result"]["contents"][0]["text"].get<std::string>();
  EXPECT_EQ(json::parse(text)["lines"], json::array());
}

} // namespace
} // namespace hummel
