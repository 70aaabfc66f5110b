#include "mcp/tools/shapes.hpp"

namespace hummel::mcp::shapes {

using nlohmann::json;

namespace {

// Times are ISO 8601 UTC with milliseconds ("2026-11-26T10:00:00.123Z").
constexpr const char* status_text = R"j({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "run_id": {"type": "integer", "minimum": 0,
      "description": "0 before the first start; +1 with every start"},
    "status": {"type": "string", "enum": ["idle", "waiting", "running",
      "stopping", "backoff", "succeeded", "failed", "stopped", "crashed"]},
    "pid": {"type": ["integer", "null"],
      "description": "PID of the live run, else null"},
    "exit_code": {"type": ["integer", "null"],
      "description": "null if running, signalled or never run"},
    "signal": {"type": ["integer", "null"],
      "description": "signal number that ended the last run, else null"},
    "start_time": {"type": ["string", "null"]},
    "end_time": {"type": ["string", "null"],
      "description": "null while running or before the first run"},
    "uptime_ms": {"type": "integer", "minimum": 0,
      "description": "age of the live run; 0 when not running"},
    "restarts": {"type": "integer", "minimum": 0},
    "ready": {"type": "boolean"},
    "cpu_percent": {"type": "number", "minimum": 0},
    "rss_bytes": {"type": "integer", "minimum": 0},
    "urls": {"type": "array", "items": {"type": "string"},
      "description": "local URLs the current run printed"},
    "error": {"type": ["string", "null"],
      "description": "why the last start failed or why it is crashed"},
    "restart_reason": {"type": ["string", "null"],
      "description": "why the last restart happened, e.g. file changed: src/app.ts"},
    "node": {"type": "string",
      "description": "the node it runs on (with node: \"*\")"}
  },
  "required": ["name", "run_id", "status", "pid", "exit_code", "signal",
    "start_time", "end_time", "uptime_ms", "restarts", "ready",
    "cpu_percent", "rss_bytes", "urls", "error"]
})j";

// `seq` increases per process across runs and restarts; `time` is ISO 8601
// UTC; `text` is the line without terminator, invalid UTF-8 replaced.
constexpr const char* line_text = R"j({
  "type": "object",
  "properties": {
    "seq": {"type": "integer", "minimum": 1},
    "time": {"type": "string"},
    "stream": {"type": "string", "enum": ["stdout", "stderr"]},
    "run_id": {"type": "integer", "minimum": 0},
    "process": {"type": "string"},
    "text": {"type": "string"}
  },
  "required": ["seq", "time", "stream", "run_id", "process", "text"]
})j";

} // namespace

json status() {
  return json::parse(status_text);
}

json line() {
  return json::parse(line_text);
}

json name_only() {
  return json::parse(R"j({
    "type": "object",
    "properties": {"name": {"type": "string", "minLength": 1}},
    "required": ["name"], "additionalProperties": false})j");
}

json node_property(bool control) {
  return {{"type", "string"},
          {"minLength", 1},
          {"description",
           control ? "cluster node (name or host:port) to act on; default: "
                     "this node. Needs a TLS link and allow_remote_control "
                     "there."
                   : "cluster node (name or host:port); \"*\" for every "
                     "node; default: this node"}};
}

json with_node(std::string_view input, bool control) {
  auto schema = json::parse(input);
  schema["properties"]["node"] = node_property(control);
  return schema;
}

json lines_result(const char* list, const char* count) {
  return json{{"type", "object"},
              {"properties",
               {{list, {{"type", "array"}, {"items", line()}}},
                {count, {{"type", "integer"}, {"minimum", 0}}},
                {"truncated", {{"type", "boolean"}}}}},
              {"required", {list, count}}};
}

tool_policy control_policy() {
  tool_policy p;
  p.access = tool_access::control;
  return p;
}

} // namespace hummel::mcp::shapes
