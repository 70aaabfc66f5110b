// Tool definitions, argument validation (isError results), policy, result
// wrapping and output checks; the schema checker; resource URIs.

#include "mcp/tools.hpp"

#include "mcp/resources.hpp"
#include "mcp/schema.hpp"

#include <gtest/gtest.h>

#include "mcp_support.hpp"

using namespace mcp_test;

namespace {

// The text of an isError result, or "" when the result is not one.
std::string tool_error(const json& response) {
  if (!response.contains("result"))
    return "<no result: " + response.dump() + ">";
  const auto& r = response["result"];
  if (!r.value("isError", false))
    return "";
  return r["content"][0]["text"].get<std::string>();
}

json run(harness& h, const std::string& tool, json args) {
  return h.rpc(tool_call(1, tool, std::move(args)));
}

// The tools/list item of tool `name` (null when there is none).
json listed(const std::string& name) {
  const auto* t = hummel::mcp::find_tool(test_tools(), name);
  return t ? hummel::mcp::definition(*t->def) : json();
}

} // namespace

TEST(tools, definitions_are_well_formed) {
  auto defs = hummel::mcp::tool_list(test_tools());
  ASSERT_EQ(defs.size(), 11u);
  for (const auto& t : defs) {
    auto name = t["name"].get<std::string>();
    EXPECT_LE(name.size(), 128u);
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"),
              std::string::npos);
    EXPECT_EQ(t["inputSchema"]["type"], "object");
    EXPECT_EQ(t["inputSchema"]["additionalProperties"], false) << name;
    EXPECT_EQ(t["outputSchema"]["type"], "object");
    EXPECT_TRUE(t["outputSchema"]["required"].is_array());
    for (auto hint :
         {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"})
      EXPECT_TRUE(t["annotations"][hint].is_boolean()) << name << hint;
    EXPECT_EQ(hummel::mcp::find_tool(test_tools(), name)->def->name, name);
  }
  EXPECT_EQ(hummel::mcp::find_tool(test_tools(), "nope"), nullptr);
  EXPECT_EQ(listed("scripts_status")["annotations"]["readOnlyHint"], true);
  EXPECT_EQ(listed("scripts_run")["annotations"]["readOnlyHint"], false);
  EXPECT_EQ(listed("scripts_stop")["annotations"]["destructiveHint"], true);
}

TEST(tools, unknown_tool_is_a_protocol_error) {
  harness h;
  h.init();
  auto r = run(h, "no_such_tool", json::object());
  EXPECT_EQ(r["error"]["code"], -32602);
  EXPECT_EQ(r["error"]["data"]["name"], "no_such_tool");
  EXPECT_EQ(h.rpc(req(2, "tools/call"))["error"]["code"], -32602);
  EXPECT_EQ(h.rpc(req(3, "tools/call", {{"name", 5}}))["error"]["code"],
            -32602);
  EXPECT_TRUE(h.be.calls.empty());
}

TEST(tools, argument_errors_are_is_error_results) {
  harness h;
  h.init();
  struct kase {
    const char* tool;
    json args;
    const char* expect; // substring of the message
  };
  kase cases[] = {
    {"scripts_run", json::object(), "name: required"},
    {"scripts_run", {{"name", 5}}, "name: expected string, got integer"},
    {"scripts_run", {{"name", ""}}, "name: must have at least 1"},
    {"scripts_run", {{"name", "x"}, {"bogus", 1}}, "bogus: unknown field"},
    {"scripts_run",
     {{"name", "x"}, {"command", "ls"}, {"args", {"a", 1}}},
     "args[1]: expected string"},
    {"scripts_run",
     {{"name", "x"}, {"command", "ls"}, {"env", {{"A", 1}}}},
     "env.A: expected string"},
    {"scripts_run", {{"name", "x"}, {"args", {"a"}}}, "need command"},
    {"scripts_stop", json::object(), "name: required"},
    {"scripts_status", {{"name", nullptr}}, "expected string, got null"},
    {"scripts_list", {{"x", 1}}, "x: unknown field"},
    {"logs_stream", {{"limit", 0}}, "limit: must be at least 1"},
    {"logs_stream", {{"limit", 10001}}, "limit: must be at most 10000"},
    {"logs_stream", {{"limit", "5"}}, "expected integer, got string"},
    {"logs_stream", {{"limit", 2.5}}, "expected integer, got number"},
    {"logs_stream", {{"stream", "both"}}, "stream: must be one of"},
    {"logs_stream", {{"follow", "yes"}}, "follow: expected boolean"},
    {"logs_stream", {{"timeout_ms", 300001}}, "at most 300000"},
    {"logs_stream", {{"since_seq", -1}}, "since_seq: must be at least 0"},
    {"logs_stream", {{"since_seq", 5}}, "since_seq needs name"},
    {"logs_search", json::object(), "query: required"},
    {"logs_search",
     {{"query", "x"}, {"since", true}},
     "since: expected integer or string, got boolean"},
    {"logs_search", {{"query", "x"}, {"since", 4}}, "needs name"},
    {"logs_search", {{"query", "x"}, {"regex", 1}}, "regex: expected boolean"},
  };
  for (const auto& c : cases) {
    auto r = run(h, c.tool, c.args);
    auto text = tool_error(r);
    EXPECT_NE(text.find(c.expect), std::string::npos)
      << c.tool << " " << c.args << " -> " << r;
    EXPECT_FALSE(r["result"].contains("structuredContent"));
  }
  // arguments that are not an object
  auto r = h.rpc(req(9, "tools/call",
                     {{"name", "scripts_list"}, {"arguments", json::array()}}));
  EXPECT_NE(tool_error(r).find("must be an object"), std::string::npos);
  EXPECT_TRUE(h.be.calls.empty()); // nothing reached the backend
}

TEST(tools, defaults_are_filled_and_floats_normalized) {
  harness h;
  h.init();
  h.be.results["logs_stream"] = {{"lines", json::array()}, {"next_seq", 0}};
  run(h, "logs_stream", {{"name", "web"}, {"since_seq", 3.0}});
  ASSERT_EQ(h.be.calls.size(), 1u);
  const auto& args = h.be.calls[0]->args;
  EXPECT_EQ(args["limit"], 100);
  EXPECT_EQ(args["follow"], false);
  EXPECT_EQ(args["timeout_ms"], 30000);
  EXPECT_TRUE(args["since_seq"].is_number_integer());
  EXPECT_EQ(args["since_seq"], 3);
  EXPECT_FALSE(args.contains("stream"));
  EXPECT_EQ(h.be.calls[0]->origin.transport, mcp::transport_kind::stdio);
}

TEST(tools, ad_hoc_commands_over_http_need_permission) {
  json args{{"name", "x"}, {"command", "ls"}, {"args", {"-l"}}};
  for (bool allow : {false, true}) {
    harness h{config(mcp::transport_kind::http, allow)};
    h.init();
    h.be.results["scripts_run"] = status_json("x");
    h.be.results["scripts_run"]["duplicate"] = false;
    auto text = tool_error(run(h, "scripts_run", args));
    EXPECT_EQ(text.find("allow_commands") != std::string::npos, !allow);
    EXPECT_EQ(h.be.calls.size(), allow ? 1u : 0u);
    text = tool_error(
      run(h, "scripts_run", {{"name", "x"}, {"env", json::object()}}));
    EXPECT_EQ(text.find("allow_commands") != std::string::npos, !allow);
    // a defined process is always fine
    EXPECT_EQ(tool_error(run(h, "scripts_run", {{"name", "x"}})), "");
    if (allow) {
      EXPECT_TRUE(h.be.calls[0]->origin.allow_commands);
    }
  }
  harness unix_side{config(mcp::transport_kind::unix_socket)};
  unix_side.init();
  unix_side.be.errors["scripts_run"] = "later";
  run(unix_side, "scripts_run", args);
  ASSERT_EQ(unix_side.be.calls.size(), 1u);
  EXPECT_EQ(unix_side.be.calls[0]->origin.transport,
            mcp::transport_kind::unix_socket);
}

TEST(tools, results_carry_structured_content_and_a_text_summary) {
  harness h;
  h.init();
  json out{{"processes", json::array({status_json("web")})},
           {"view_version", 9},
           {"view_age_ms", 3},
           {"node", "local"}};
  h.be.results["scripts_status"] = out;
  auto r = run(h, "scripts_status", {{"name", "web"}})["result"];
  EXPECT_EQ(r["structuredContent"], out);
  ASSERT_EQ(r["content"].size(), 1u);
  EXPECT_EQ(r["content"][0]["type"], "text");
  auto text = r["content"][0]["text"].get<std::string>();
  EXPECT_EQ(text.rfind("1 process: 1 running\n", 0), 0u) << text;
  EXPECT_NE(text.find("pid: 4242\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("exit_code"), std::string::npos) << "nulls left out";
  EXPECT_FALSE(r.contains("isError"));
  EXPECT_EQ(h.be.calls[0]->args, json({{"name", "web"}}));
}

TEST(tools, backend_errors_and_bad_results_are_is_error) {
  harness h;
  h.init();
  h.be.errors["logs_search"] = "invalid regex: missing )";
  EXPECT_EQ(tool_error(run(h, "logs_search", {{"query", "(a"}})),
            "invalid regex: missing )");
  // a result that breaks the outputSchema is caught
  h.be.results["scripts_list"] = {{"processes", "oops"}};
  auto text = tool_error(run(h, "scripts_list", json::object()));
  EXPECT_NE(text.find("outputSchema"), std::string::npos) << text;
  EXPECT_NE(text.find("view_version: required"), std::string::npos) << text;
  // …unless checking is off
  auto lax_cfg = config();
  lax_cfg.check_results = false;
  harness lax{lax_cfg};
  lax.init();
  lax.be.results["scripts_list"] = {{"processes", "oops"}};
  EXPECT_EQ(run(lax, "scripts_list",
                json::object())["result"]["structuredContent"]["processes"],
            "oops");
  // no structured value at all
  lax.be.calls.clear();
  sink s;
  lax.eng.handle(tool_call(2, "scripts_stop", {{"name", "a"}}).dump(), s.fn());
  lax.be.calls[0]->done({nullptr, {}});
  EXPECT_NE(tool_error(s.msg(0)).find("no result"), std::string::npos);
}

TEST(tools, invalid_utf8_and_huge_output_serialize_validly) {
  harness h;
  h.init();
  auto bad = std::string("ok \xc3\x28 \xff\xfe end");
  auto huge = std::string(5 * 1024 * 1024, 'y');
  h.be.results["logs_stream"]
    = {{"lines", json::array({line_json(1, bad), line_json(2, huge)})},
       {"next_seq", 2}};
  auto s = h.send(tool_call(1, "logs_stream", {{"name", "web"}}).dump());
  ASSERT_EQ(s.outs.size(), 1u);
  EXPECT_GT(s.last().json.size(), 10u * 1024 * 1024); // text summary too
  auto r = s.msg(0)["result"];                        // parses: valid UTF-8
  auto lines = r["structuredContent"]["lines"];
  EXPECT_EQ(lines[0]["text"], "ok \xEF\xBF\xBD( \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(lines[1]["text"].get<std::string>().size(), huge.size());
  // the text summary has the replaced text and the huge line
  auto text = r["content"][0]["text"].get<std::string>();
  EXPECT_NE(text.find("web: ok \xEF\xBF\xBD( \xEF\xBF\xBD\xEF\xBF\xBD end\n"),
            std::string::npos);
  EXPECT_GT(text.size(), huge.size());
}

TEST(schema, checks) {
  using hummel::mcp::check;
  auto schema = json::parse(R"({"type":"object","properties":{
    "a":{"type":["integer","null"]},
    "b":{"type":"array","items":{"type":"string"}},
    "c":{"type":"number","minimum":0}},"required":["a"]})");
  EXPECT_EQ(check(schema, {{"a", 1}}), "");
  EXPECT_EQ(check(schema, {{"a", nullptr}, {"extra", 1}}), "");
  EXPECT_EQ(check(schema, json::object()), "a: required");
  EXPECT_EQ(check(schema, {{"a", 1}, {"b", {"x", 2}}}),
            "b[1]: expected string, got integer");
  EXPECT_EQ(check(schema, {{"a", 1}, {"c", -0.5}}), "c: must be at least 0");
  EXPECT_EQ(check(schema, 5), "value: expected object, got integer");
  EXPECT_EQ(check(schema, {{"a", 1.0}}), ""); // integral float
  json v{{"a", 2.0}};
  EXPECT_EQ(hummel::mcp::conform(schema, v), "");
  EXPECT_TRUE(v["a"].is_number_integer());
}

TEST(resources, uris) {
  using hummel::mcp::parse_resource_uri;
  using kind = hummel::mcp::resource_ref::kind;
  auto r = parse_resource_uri("hummel://processes");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->what, kind::processes);
  r = parse_resource_uri("hummel://logs/my%20app");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->what, kind::logs);
  EXPECT_EQ(r->name, "my app");
  EXPECT_EQ(hummel::mcp::make_resource_uri(*r), "hummel://logs/my%20app");
  EXPECT_EQ(hummel::mcp::make_resource_uri({kind::process, "a/b"}),
            "hummel://processes/a%2Fb");
  for (auto bad : {"hummel://processes/", "hummel://logs/a/b", "hummel://x",
                   "hummel://logs/%zz", "hummel://logs/%4", "http://x",
                   "hummel://processes/%"})
    EXPECT_FALSE(parse_resource_uri(bad)) << bad;
  EXPECT_EQ(hummel::mcp::canonical_resource_uri("hummel://logs/a%2fb"),
            "hummel://logs/a%2Fb");
  EXPECT_EQ(hummel::mcp::canonical_resource_uri("test://x"), "test://x");
}

TEST(resources, error_uris_parse_and_round_trip) {
  using hummel::mcp::parse_resource_uri;
  using kind = hummel::mcp::resource_ref::kind;
  auto r = parse_resource_uri("hummel://errors");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->what, kind::all_errors);
  EXPECT_EQ(hummel::mcp::make_resource_uri(*r), "hummel://errors");
  r = parse_resource_uri("hummel://errors/my%20app");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->what, kind::errors);
  EXPECT_EQ(r->name, "my app");
  EXPECT_EQ(hummel::mcp::make_resource_uri(*r), "hummel://errors/my%20app");
  EXPECT_FALSE(parse_resource_uri("hummel://errors/"));
  EXPECT_FALSE(parse_resource_uri("hummel://errors/a/b"));
}

TEST(tools, logs_errors_arguments_are_checked) {
  auto t = listed("logs_errors");
  ASSERT_TRUE(t.is_object());
  const auto& props = t["inputSchema"]["properties"];
  for (auto k : {"name", "since", "limit", "severity"})
    EXPECT_TRUE(props.contains(k)) << k;
  EXPECT_TRUE(t["outputSchema"]["properties"].contains("records"));
}

TEST(tools, cluster_arguments_are_declared) {
  auto status = listed("scripts_status");
  ASSERT_TRUE(status.is_object());
  const auto& node = status["inputSchema"]["properties"]["node"];
  EXPECT_EQ(node["type"], "string");
  EXPECT_NE(node["description"].get<std::string>().find("\"*\""),
            std::string::npos);
  for (const char* t :
       {"scripts_list", "scripts_run", "scripts_stop", "scripts_restart"})
    EXPECT_TRUE(listed(t)["inputSchema"]["properties"].contains("node")) << t;
  auto cluster = listed("cluster_status");
  ASSERT_TRUE(cluster.is_object());
  EXPECT_EQ(cluster["annotations"]["readOnlyHint"], true);
  EXPECT_EQ(cluster["outputSchema"]["required"],
            nlohmann::json({"node", "view_version", "nodes", "propagation"}));
}

namespace {

int table_calls = 0;

mcp::cancel_fn count_call(mcp::backend&, mcp::tool_call c) {
  ++table_calls;
  c.done({std::make_shared<json>(json::object()), {}});
  return {};
}

const mcp::tool_def local_only{
  .name = "local_only",
  .title = "Local only",
  .description = "A tool refused over HTTP.",
  .input_schema
  = {{"type", "object"}, {"properties", {{"cmd", {{"type", "string"}}}}}},
  .output_schema = {{"type", "object"}},
  .policy = {.access = mcp::tool_access::control,
             .transports = mcp::transport_set::local(),
             .ad_hoc_args = {"cmd"},
             .ad_hoc_transports = {mcp::transport_kind::stdio}},
};

const mcp::tool local_table[] = {{&local_only, &count_call}};

} // namespace

TEST(tools, dispatch_and_policy_come_from_the_table_entry) {
  auto cfg = config(mcp::transport_kind::http, true);
  cfg.tools = local_table;
  harness http{cfg};
  http.init();
  table_calls = 0;
  auto text = tool_error(run(http, "local_only", json::object()));
  EXPECT_EQ(text, "tool 'local_only' is not available over HTTP");
  EXPECT_EQ(table_calls, 0);
  // the table replaces the tools: no scripts_* here
  EXPECT_EQ(run(http, "scripts_list", json::object())["error"]["code"], -32602);
  cfg.transport = mcp::transport_kind::unix_socket;
  cfg.allow_commands = false;
  harness unix_side{cfg};
  unix_side.init();
  EXPECT_EQ(tool_error(run(unix_side, "local_only", json::object())), "");
  EXPECT_EQ(table_calls, 1) << "the entry's own handler ran";
  // ad-hoc arguments: free on stdio only, so refused on the unix socket
  text = tool_error(run(unix_side, "local_only", {{"cmd", "ls"}}));
  EXPECT_NE(text.find("allow_commands"), std::string::npos) << text;
  EXPECT_EQ(table_calls, 1);
  auto listed = unix_side.rpc(req(5, "tools/list"))["result"]["tools"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["annotations"]["readOnlyHint"], false);
}
