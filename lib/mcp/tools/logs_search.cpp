// logs_search {query, regex?, name?, stream?, since?, limit?} →
// {matches:[line…] newest first, searched_lines, truncated?}. regex uses
// RE2 syntax (an invalid pattern is an error result); since is a seq
// (needs name) or an ISO 8601 time; memory ring and log files. gaps: lines
// the log files miss (gap marker records, see logs/log_format.hpp).

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

/// Matches, and the gaps of the log files (lines a full disk kept out).
nlohmann::json output() {
  auto schema = shapes::lines_result("matches", "searched_lines");
  auto item = shapes::line();
  item["description"] = "the gap marker record (stream hummel), written when "
                        "the file worked again";
  item["properties"]["first_seq"] = {{"type", "integer"}, {"minimum", 1}};
  item["properties"]["last_seq"] = {{"type", "integer"}, {"minimum", 1}};
  item["properties"]["lost"] = {{"type", "integer"}, {"minimum", 0}};
  item["properties"]["reason"] = {{"type", "string"}};
  for (const char* f : {"first_seq", "last_seq", "lost", "reason"})
    item["required"].push_back(f);
  schema["properties"]["gaps"]
    = {{"type", "array"},
       {"description",
        "lines missing from the log files searched (the disk was full), "
        "newest first, whatever the query"},
       {"items", std::move(item)}};
  return schema;
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
  .output_schema = output(),
  .policy = {},
  .rules = &rules,
  .text = &text::search_matches,
};

} // namespace hummel::mcp
