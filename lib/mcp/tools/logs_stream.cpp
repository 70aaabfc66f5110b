// logs_stream {name?, since_seq?, limit?, stream?, follow?, timeout_ms?} →
// {lines:[line…] oldest first, next_seq, truncated?}. Without follow: the
// newest `limit` lines after since_seq. With follow: waits for new lines
// until timeout_ms or cancel; each line is also sent as a progress
// notification (request with progressToken) or notifications/message.
// next_seq: pass as since_seq to continue (0 without `name`, as sequence
// numbers are per process). truncated: lines after since_seq were skipped
// (limit or no longer kept).

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"
#include "mcp/tools/text.hpp"

namespace hummel::mcp {

namespace {

std::string rules(const nlohmann::json& args) {
  if (args.contains("since_seq") && !args.contains("name"))
    return "since_seq needs name: sequence numbers are per process";
  return {};
}

} // namespace

const tool_def logs_stream_tool{
  .name = "logs_stream",
  .title = "Read or follow logs",
  .description = "Newest log lines of one process (or all), oldest first, "
                 "after the cursor `since_seq`. With `follow`, wait for new "
                 "lines until `timeout_ms` or cancellation; they also arrive "
                 "as progress/log notifications. Continue with since_seq = "
                 "next_seq.",
  .input_schema = nlohmann::json::parse(R"j({"type": "object", "properties": {
    "name": {"type": "string", "minLength": 1,
      "description": "the process or script whose log to read; default: every process (merged by time)"},
    "since_seq": {"type": "integer", "minimum": 0,
      "description": "only lines with a larger seq (needs name)"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 10000,
      "default": 100, "description": "at most this many lines (the newest)"},
    "stream": {"type": "string", "enum": ["stdout", "stderr"],
      "description": "only this stream; default: both"},
    "follow": {"type": "boolean", "default": false,
      "description": "wait for new lines (needs name) until timeout_ms or cancellation"},
    "timeout_ms": {"type": "integer", "minimum": 0, "maximum": 300000,
      "default": 30000, "description": "with follow: how long to wait"}},
    "additionalProperties": false})j"),
  .output_schema = shapes::lines_result("lines", "next_seq"),
  .policy = {},
  .rules = &rules,
  .text = &text::log_lines,
};

} // namespace hummel::mcp
