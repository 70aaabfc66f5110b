// Answers sized for an assistant: portable schemas (no type arrays, every
// parameter described), text summaries beside structuredContent, the JSON
// text for protocol versions without structuredContent, ANSI escapes
// stripped from text, the status filter and fields.

#include "mcp/schema.hpp"
#include "mcp/tools.hpp"

#include <gtest/gtest.h>

#include "mcp_support.hpp"

using namespace mcp_test;

namespace {

json run(harness& h, const std::string& tool, json args) {
  return h.rpc(tool_call(1, tool, std::move(args)));
}

std::string text_of(const json& response) {
  return response["result"]["content"][0]["text"].get<std::string>();
}

/// Every path in `schema` where `type` is an array ("" when none).
void type_arrays(const json& schema, const std::string& path,
                 std::vector<std::string>& out) {
  if (schema.is_object()) {
    if (auto t = schema.find("type"); t != schema.end() && t->is_array())
      out.push_back(path);
    for (const auto& [k, v] : schema.items())
      type_arrays(v, path + "/" + k, out);
  } else if (schema.is_array()) {
    for (size_t i = 0; i < schema.size(); ++i)
      type_arrays(schema[i], path + "/" + std::to_string(i), out);
  }
}

json listed_tools(harness& h) {
  return h.rpc(req(1, "tools/list"))["result"]["tools"];
}

} // namespace

TEST(answers, schemas_spell_nullable_fields_with_any_of_never_type_arrays) {
  harness h;
  h.init();
  for (const auto& t : listed_tools(h)) {
    std::vector<std::string> found;
    type_arrays(t["inputSchema"], "inputSchema", found);
    type_arrays(t["outputSchema"], "outputSchema", found);
    EXPECT_TRUE(found.empty()) << t["name"] << ": " << json(found);
  }
  auto status = listed_tools(h)[4];
  ASSERT_EQ(status["name"], "scripts_status");
  auto error = status["outputSchema"]["properties"]["processes"]["items"]
                     ["properties"]["error"];
  EXPECT_EQ(error["anyOf"],
            json::parse(R"([{"type":"string"},{"type":"null"}])"));
}

TEST(answers, every_parameter_of_every_tool_has_a_description) {
  harness h;
  h.init();
  for (const auto& t : listed_tools(h))
    for (const auto& [name, p] : t["inputSchema"]["properties"].items())
      EXPECT_TRUE(p.contains("description") && p["description"].is_string()
                  && !p["description"].get<std::string>().empty())
        << t["name"] << "." << name;
}

TEST(answers, nullable_fields_take_null_or_their_type_and_nothing_else) {
  const auto& def = hummel::mcp::scripts_stop_tool;
  auto x = status_json("web");
  EXPECT_EQ(hummel::mcp::check_result(def, x), "");
  x["error"] = "spawn failed";
  EXPECT_EQ(hummel::mcp::check_result(def, x), "");
  x["error"] = "";
  EXPECT_EQ(hummel::mcp::check_result(def, x), ""); // a string still
  x["error"] = 5;
  EXPECT_EQ(hummel::mcp::check_result(def, x),
            "structuredContent.error: expected string or null, got integer");
}

TEST(answers, protocol_versions_before_2025_06_18_get_json_text_only) {
  for (const char* v : {"2024-11-05", "2025-03-26"}) {
    harness h;
    h.init(v);
    for (const auto& t : listed_tools(h))
      EXPECT_FALSE(t.contains("outputSchema")) << v << " " << t["name"];
    json out{{"processes", json::array({status_json("web")})},
             {"view_version", 9},
             {"view_age_ms", 3},
             {"node", "local"}};
    h.be.results["scripts_status"] = out;
    auto r = run(h, "scripts_status", json::object());
    EXPECT_FALSE(r["result"].contains("structuredContent")) << v;
    EXPECT_EQ(json::parse(text_of(r)), out) << v;
  }
  harness h;
  h.init("2025-06-18");
  EXPECT_TRUE(listed_tools(h)[0].contains("outputSchema"));
}

TEST(answers, a_status_list_is_a_table_of_the_fields_present) {
  harness h;
  h.init();
  auto web = status_json("web");
  json db{
    {"name", "db"}, {"status", "failed"}, {"pid", nullptr}, {"exit_code", 3}};
  json crashed{{"name", "api"},  {"status", "crashed"},
               {"pid", nullptr}, {"exit_code", nullptr},
               {"signal", 9},    {"error", "restarted 5 times"}};
  hummel::mcp::keep_fields(web, hummel::mcp::status_list_fields());
  h.be.results["scripts_status"] = {{"processes", {web, db, crashed}},
                                    {"view_version", 9},
                                    {"view_age_ms", 3},
                                    {"node", "local"}};
  auto text = text_of(run(h, "scripts_status", json::object()));
  EXPECT_EQ(text, "3 processes: 1 running, 1 failed, 1 crashed\n"
                  "NAME  STATUS   PID   EXIT\n"
                  "web   running  4242  -\n"
                  "db    failed   -     3\n"
                  "api   crashed  -     sig 9\n"
                  "api: restarted 5 times\n");
}

TEST(answers, text_has_ansi_escapes_stripped_and_structured_keeps_them) {
  harness h;
  h.init();
  auto red = line_json(1, "\x1b[31merror\x1b[0m: boom", "stderr");
  h.be.results["logs_stream"] = {{"lines", {red}}, {"next_seq", 1}};
  auto r = run(h, "logs_stream", {{"name", "web"}});
  auto text = text_of(r);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("web [stderr]: error: boom\n"), std::string::npos)
    << text;
  EXPECT_NE(text.find("next_seq: 1"), std::string::npos) << text;
  EXPECT_EQ(r["result"]["structuredContent"]["lines"][0]["text"],
            "\x1b[31merror\x1b[0m: boom");
}

TEST(answers, a_waited_run_says_how_it_ended_and_shows_its_tails) {
  harness h;
  h.init();
  auto x = status_json("test");
  x["status"] = "failed";
  x["pid"] = nullptr;
  x["exit_code"] = 3;
  x["duplicate"] = false;
  x["timed_out"] = false;
  x["duration_ms"] = 1250;
  x["output_tail"] = {"ok 1", "not ok 2"};
  x["stderr_tail"] = {"not ok 2"};
  h.be.results["scripts_run"] = x;
  auto text
    = text_of(run(h, "scripts_run", {{"name", "test"}, {"wait", true}}));
  EXPECT_EQ(text, "test: failed; exit code 3 after 1.2 s\n"
                  "--- output, last 2 lines ---\nok 1\nnot ok 2\n"
                  "--- stderr, last 1 line ---\nnot ok 2\n");
  // No defaults filled in: the handler's (50 s) applies.
  EXPECT_EQ(h.be.calls[0]->args, (json{{"name", "test"}, {"wait", true}}));
}

TEST(answers, status_filter_and_fields_are_checked_before_the_handler) {
  harness h;
  h.init();
  h.be.errors["scripts_status"] = "later";
  h.be.errors["scripts_list"] = "later";
  auto bad = [&](const char* tool, json args) {
    auto r = run(h, tool, std::move(args));
    return r["result"].value("isError", false) ? text_of(r) : "";
  };
  EXPECT_NE(bad("scripts_status", {{"status", "bogus"}}).find("must be one of"),
            std::string::npos);
  EXPECT_NE(
    bad("scripts_status", {{"status", {"failed", 3}}}).find("status[1]"),
    std::string::npos);
  EXPECT_NE(bad("scripts_status", {{"fields", {"nope"}}}).find("fields[0]"),
            std::string::npos);
  EXPECT_NE(bad("scripts_list", {{"fields", {"pid"}}}).find("fields[0]"),
            std::string::npos);
  h.be.calls.clear();
  EXPECT_EQ(bad("scripts_status", {{"status", {"failed", "crashed"}},
                                   {"fields", {"exit_code", "error"}}}),
            "later");
  EXPECT_EQ(bad("scripts_list", {{"status", "running"}, {"fields", {"kind"}}}),
            "later");
  EXPECT_EQ(h.be.calls.size(), 2u);
}

TEST(answers, keep_fields_keeps_the_name_and_the_fields_asked_for) {
  auto x = status_json("web");
  hummel::mcp::keep_fields(x, json{"pid", "urls", "nope"});
  EXPECT_EQ(x, (json{{"name", "web"},
                     {"pid", 4242},
                     {"urls", {"http://localhost:3000"}}}));
  x = status_json("web");
  hummel::mcp::keep_fields(x, hummel::mcp::status_list_fields());
  EXPECT_EQ(x, (json{{"name", "web"},
                     {"status", "running"},
                     {"pid", 4242},
                     {"exit_code", nullptr}}));
}

TEST(answers, status_matches_one_state_a_list_or_everything) {
  using hummel::mcp::status_matches;
  EXPECT_TRUE(status_matches(nullptr, "running"));
  EXPECT_TRUE(status_matches("failed", "failed"));
  EXPECT_FALSE(status_matches("failed", "running"));
  EXPECT_TRUE(status_matches(json{"failed", "crashed"}, "crashed"));
  EXPECT_FALSE(status_matches(json{"failed", "crashed"}, "running"));
  EXPECT_FALSE(status_matches(json::array(), "running"));
}

TEST(answers, a_remote_or_every_node_status_names_the_node_in_its_head) {
  harness h;
  h.init();
  json a{{"name", "web"}, {"status", "running"}, {"node", "box"}};
  h.be.results["scripts_status"] = {{"processes", {a}},
                                    {"view_version", 1},
                                    {"view_age_ms", 0},
                                    {"node", "box"},
                                    {"node_state", "linked"}};
  auto text = text_of(run(h, "scripts_status", {{"node", "box"}}));
  EXPECT_EQ(text.rfind("1 process on box: 1 running\n", 0), 0u) << text;
  h.be.results["scripts_status"]["node"] = "*";
  h.be.results["scripts_status"].erase("node_state");
  text = text_of(run(h, "scripts_status", {{"node", "*"}}));
  EXPECT_EQ(text.rfind("1 process on every node: 1 running\n", 0), 0u) << text;
}
