// logs_search {query, regex?, name?, stream?, since?, limit?} →
// {matches:[line…] newest first, searched_lines, truncated?}. regex uses
// RE2 syntax (an invalid pattern is an error result); since is a seq
// (needs name) or an ISO 8601 time; memory ring and log files.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"

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
    "query": {"type": "string", "minLength": 1},
    "regex": {"type": "boolean", "default": false},
    "name": {"type": "string", "minLength": 1},
    "stream": {"type": "string", "enum": ["stdout", "stderr"]},
    "since": {"type": ["integer", "string"],
      "description": "a seq (needs name) or an ISO 8601 time"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 10000,
      "default": 100}},
    "required": ["query"], "additionalProperties": false})j"),
  .output_schema = shapes::lines_result("matches", "searched_lines"),
  .policy = {},
  .rules = &rules,
};

} // namespace hummel::mcp
