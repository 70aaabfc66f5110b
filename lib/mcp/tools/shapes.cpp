#include "mcp/tools/shapes.hpp"

#include "mcp/tools.hpp"

namespace hummel::mcp::shapes {

using nlohmann::json;

namespace {

// Times are ISO 8601 UTC with milliseconds ("2026-11-26T10:00:00.123Z").
// A field without a value is null; nullable fields are `anyOf` a typed
// branch and `{"type": "null"}` (not `"type": [T, "null"]`, which
// converters to single-type dialects reject; see docs/architecture.md).
constexpr const char* status_text = R"j({
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "kind": {"type": "string", "enum": ["service", "script"]},
    "command": {"type": "string", "description": "the command as configured"},
    "run_id": {"type": "integer", "minimum": 0,
      "description": "0 before the first start; +1 with every start"},
    "status": {"type": "string", "enum": ["idle", "waiting", "running",
      "stopping", "backoff", "succeeded", "failed", "stopped", "crashed"]},
    "ready": {"type": "boolean"},
    "pid": {"anyOf": [{"type": "integer"}, {"type": "null"}],
      "description": "PID of the live run, else null"},
    "exit_code": {"anyOf": [{"type": "integer"}, {"type": "null"}],
      "description": "null if running, signalled or never run"},
    "signal": {"anyOf": [{"type": "integer"}, {"type": "null"}],
      "description": "signal number that ended the last run, else null"},
    "start_time": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    "end_time": {"anyOf": [{"type": "string"}, {"type": "null"}],
      "description": "null while running or before the first run"},
    "uptime_ms": {"type": "integer", "minimum": 0,
      "description": "age of the live run; 0 when not running"},
    "restarts": {"type": "integer", "minimum": 0},
    "cpu_percent": {"type": "number", "minimum": 0},
    "rss_bytes": {"type": "integer", "minimum": 0},
    "urls": {"type": "array", "items": {"type": "string"},
      "description": "local URLs the current run printed"},
    "error": {"anyOf": [{"type": "string"}, {"type": "null"}],
      "description": "why the last start failed or why it is crashed"},
    "restart_reason": {"anyOf": [{"type": "string"}, {"type": "null"}],
      "description": "why the last restart happened, e.g. file changed: src/app.ts"},
    "error_count": {"type": "integer", "minimum": 0,
      "description": "error records found in the output (logs_errors lists them)"},
    "last_error": {"anyOf": [{"type": "string"}, {"type": "null"}],
      "description": "the newest error's headline: kind: message (file:line)"},
    "log_degraded": {"anyOf": [{"type": "string"}, {"type": "null"}],
      "description": "why the log file is not written (e.g. disk full); the lines stay in memory and a gap marker is written once it works again; null when it works"},
    "node": {"type": "string",
      "description": "the node it runs on (with node: \"*\")"}
  },
  "required": ["name"]
})j";

// `seq` increases per process across runs and restarts; `time` is ISO 8601
// UTC; `text` is the line without terminator, invalid UTF-8 replaced.
constexpr const char* line_text = R"j({
  "type": "object",
  "properties": {
    "seq": {"type": "integer", "minimum": 1},
    "time": {"type": "string"},
    "stream": {"type": "string", "enum": ["stdout", "stderr", "hummel"],
      "description": "hummel: a record hummel wrote (a run ended, a restart and why)"},
    "run_id": {"type": "integer", "minimum": 0},
    "process": {"type": "string"},
    "text": {"type": "string"}
  },
  "required": ["seq", "time", "stream", "run_id", "process", "text"]
})j";

json names(std::span<const char* const> xs) {
  auto result = json::array();
  for (const auto* x : xs)
    result.push_back(x);
  return result;
}

} // namespace

json nullable(json schema, const char* description) {
  json result{{"anyOf", json::array({std::move(schema), {{"type", "null"}}})}};
  if (description != nullptr)
    result["description"] = description;
  return result;
}

json status(bool complete) {
  auto schema = json::parse(status_text);
  if (complete) {
    // A command's answer: every field but the optional ones.
    auto& req = schema["required"];
    for (const auto* f : status_fields())
      if (std::string_view{f} != "name" && std::string_view{f} != "node"
          && std::string_view{f} != "restart_reason"
          && std::string_view{f} != "log_degraded"
          && std::string_view{f} != "error_count"
          && std::string_view{f} != "last_error")
        req.push_back(f);
  }
  return schema;
}

json line() {
  return json::parse(line_text);
}

json name_property(const char* what) {
  return {{"type", "string"}, {"minLength", 1}, {"description", what}};
}

json name_only(const char* what) {
  return {{"type", "object"},
          {"properties", {{"name", name_property(what)}}},
          {"required", {"name"}},
          {"additionalProperties", false}};
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

json with_node(json schema, bool control) {
  schema["properties"]["node"] = node_property(control);
  return schema;
}

json status_filter() {
  json state{{"type", "string"},
             {"enum",
              {"idle", "waiting", "running", "stopping", "backoff", "succeeded",
               "failed", "stopped", "crashed"}}};
  return {
    {"anyOf", {state, {{"type", "array"}, {"items", state}, {"minItems", 1}}}},
    {"description", "only processes in this state, or in any of these states "
                    "(e.g. \"failed\" or [\"failed\", \"crashed\"])"}};
}

json fields_property(std::span<const char* const> all, const char* defaults) {
  return {{"type", "array"},
          {"items", {{"type", "string"}, {"enum", names(all)}}},
          {"description",
           std::string{"fields to return for each process; `name` is always "
                       "included. Default: "}
             + defaults}};
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
