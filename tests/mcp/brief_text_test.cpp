// `_meta` "hummel/briefText": a successful tool result's text content is
// its first line only (the CLI reads structuredContent; a listing's text is
// a table of megabytes), on both the JSON and the pre-rendered path; the
// tool is told through call_origin; errors keep their whole message.

#include <gtest/gtest.h>

#include "mcp_support.hpp"

using namespace mcp_test;

namespace {

json status_call(int id, bool brief) {
  json params{{"name", "scripts_status"}, {"arguments", json::object()}};
  params["_meta"] = modern_meta();
  if (brief)
    params["_meta"]["hummel/briefText"] = true;
  return req(id, "tools/call", std::move(params));
}

json two_processes() {
  return {{"processes", {status_json("web"), status_json("api")}},
          {"view_version", 1},
          {"view_age_ms", 0},
          {"node", "n"}};
}

std::string text_of(const json& response) {
  return response["result"]["content"][0]["text"].get<std::string>();
}

/// Sends the call, completes it with `outcome`, returns the response.
json answer(harness& h, bool brief, hummel::mcp::tool_outcome outcome) {
  sink s;
  auto msg = status_call(3, brief);
  auto hdr = headers_for(msg);
  h.eng.handle(msg.dump(), s.fn(), &hdr);
  EXPECT_EQ(h.be.calls.back()->origin.brief_text, brief);
  h.be.calls.back()->done(std::move(outcome));
  return s.msg(s.outs.size() - 1);
}

} // namespace

TEST(brief_text, the_json_path_keeps_the_first_line) {
  harness h;
  auto full = answer(h, false, {std::make_shared<json>(two_processes())});
  auto brief = answer(h, true, {std::make_shared<json>(two_processes())});
  auto whole = text_of(full);
  ASSERT_NE(whole.find('\n'), std::string::npos) << whole;
  EXPECT_EQ(text_of(brief), whole.substr(0, whole.find('\n')));
  EXPECT_EQ(brief["result"]["structuredContent"],
            full["result"]["structuredContent"]);
}

TEST(brief_text, the_rendered_path_keeps_the_first_line) {
  auto cfg = config();
  cfg.check_results = false; // as the daemon: spliced, not parsed
  harness h{cfg};
  auto rendered = std::make_shared<hummel::mcp::rendered_result>();
  rendered->structured = two_processes().dump();
  // "2 processes: \"a\\nb\"\n<table>": an escaped backslash before an n is
  // not the end of the line.
  rendered->text = R"("2 processes: \"a\\nb\"\nNAME STATUS\nweb running\n")";
  hummel::mcp::tool_outcome o{nullptr, {}, rendered};
  auto full = answer(h, false, o);
  auto brief = answer(h, true, o);
  EXPECT_EQ(text_of(full),
            "2 processes: \"a\\nb\"\nNAME STATUS\nweb running\n");
  EXPECT_EQ(text_of(brief), "2 processes: \"a\\nb\"");
  EXPECT_EQ(brief["result"]["structuredContent"],
            full["result"]["structuredContent"]);
}

TEST(brief_text, errors_keep_their_whole_message) {
  harness h;
  auto r = answer(h, true, {nullptr, "line one\nline two"});
  EXPECT_EQ(r["result"]["isError"], true);
  EXPECT_EQ(text_of(r), "line one\nline two");
}
