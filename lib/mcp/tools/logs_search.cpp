// logs_search {query, regex?, name?, stream?, since?, limit?} →
// {matches:[line…] newest first, searched_lines, truncated?}. regex uses
// RE2 syntax (an invalid pattern is an error result); since is a seq
// (needs name) or an ISO 8601 time; memory ring and log files.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"
#include "mcp/tools/text.hpp"

namespace hummel::mcp {

namespace {

std::string rules(const nlohmann::json& args) {
  if (args.contains("since") && args["since"].is_number()
      && !args.contains("name"))
    return "a numeric since (seq) needs name: sequence numbers are per "
           "process; use an ISO 8601 time for all processes";
  return {};
}

} // namespace

const tool_def logs_search_tool{
  .name = "logs_search",
  .title = "Search logs",
  .description = "Search log lines (memory and log files) for a substring, "
                 "or an RE2 regular expression with regex: true. Newest "
                 "matches first.",
  .input_schema = nlohmann::json::parse(R"j({"type": "object", "properties": {
    "query": {"type": "string", "minLength": 1,
      "description": "the substring (or, with regex, the RE2 pattern) to find"},
    "regex": {"type": "boolean", "default": false,
      "description": "query is an RE2 regular expression"},
    "name": {"type": "string", "minLength": 1,
      "description": "only this process or script; default: every process"},
    "stream": {"type": "string", "enum": ["stdout", "stderr"],
      "description": "only this stream; default: both"},
    "since": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}],
      "description": "only lines after this seq (needs name) or this ISO 8601 time"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 10000,
      "default": 100, "description": "at most this many matches"}},
    "required": ["query"], "additionalProperties": false})j"),
  .output_schema = shapes::lines_result("matches", "searched_lines"),
  .policy = {},
  .rules = &rules,
  .text = &text::search_matches,
};

} // namespace hummel::mcp
