#include "mcp/tools.hpp"

#include "mcp/schema.hpp"

#include <nlohmann/json.hpp>

namespace hummel::mcp {

using nlohmann::json;

namespace {

// -- shared shapes ------------------------------------------------------------

// A status object: one process, its current run first (or its last run).
// Times are ISO 8601 UTC with milliseconds ("2026-11-26T10:00:00.123Z").
constexpr const char* status_schema = R"j({
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
    "node": {"type": "string",
      "description": "the node it runs on (with node: \"*\")"}
  },
  "required": ["name", "run_id", "status", "pid", "exit_code", "signal",
    "start_time", "end_time", "uptime_ms", "restarts", "ready",
    "cpu_percent", "rss_bytes", "urls", "error"]
})j";

// A log line. `seq` increases per process across runs and restarts; `time`
// is ISO 8601 UTC; `text` is the line without terminator, invalid UTF-8
// replaced.
constexpr const char* line_schema = R"j({
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

constexpr const char* name_only = R"j({
  "type": "object",
  "properties": {"name": {"type": "string", "minLength": 1}},
  "required": ["name"], "additionalProperties": false
})j";

// -- the tools ----------------------------------------------------------------

struct tool_text {
  const char* name;
  const char* title;
  const char* description;
  const char* input;
  const char* output; // "status" / "status+duplicate" expand shared shapes
  bool read_only;
  bool destructive;
  bool idempotent;
};

constexpr tool_text tools[] = {
  // scripts_list {} → {processes:[{name, kind, command, running, status}],
  // view_version}: every defined process and package.json script.
  {"scripts_list", "List processes and scripts",
   "List every process defined in hummel.toml and every package.json "
   "script, with its kind, command and whether it is running.",
   R"j({"type": "object", "properties": {}, "additionalProperties": false})j",
   R"j({"type": "object", "properties": {
     "processes": {"type": "array", "items": {"type": "object",
       "properties": {"name": {"type": "string"},
         "kind": {"type": "string", "enum": ["service", "script"]},
         "command": {"type": "string"}, "running": {"type": "boolean"},
         "status": {"type": "string"}, "node": {"type": "string"}},
       "required": ["name", "kind", "command", "running", "status"]}},
     "view_version": {"type": "integer", "minimum": 0},
     "node": {"type": "string"}},
     "required": ["processes", "view_version"]})j",
   true, false, true},
  // scripts_run {name, command?, args?, cwd?, env?} → status + duplicate.
  // Running a process that already runs starts nothing and answers
  // duplicate: true with its status.
  {"scripts_run", "Start a process",
   "Start a defined process or package.json script by name and return its "
   "status. If it is already running, nothing is started and `duplicate` "
   "is true. With `command` (and `args`, `cwd`), run an ad-hoc program "
   "under `name`. The returned run_id names this run in later calls.",
   R"j({"type": "object", "properties": {
     "name": {"type": "string", "minLength": 1},
     "command": {"type": "string", "minLength": 1,
       "description": "ad-hoc program to run under `name`"},
     "args": {"type": "array", "items": {"type": "string"},
       "description": "arguments of `command`"},
     "cwd": {"type": "string", "description": "working directory of `command`"},
     "env": {"type": "object", "additionalProperties": {"type": "string"},
       "description": "extra environment variables for this run"}},
     "required": ["name"], "additionalProperties": false})j",
   "status+duplicate", false, false, true},
  // scripts_stop {name} → status, after the run has actually ended.
  {"scripts_stop", "Stop a process",
   "Stop a running process (its whole process tree) and return its final "
   "status once it has actually exited.",
   name_only, "status", false, true, true},
  // scripts_restart {name} → status, after the new run has started.
  {"scripts_restart", "Restart a process",
   "Stop a process if it runs, start it again, and return the status of "
   "the new run once it has started.",
   name_only, "status", false, true, false},
  // scripts_status {name?} → {processes:[status…], view_version,
  // view_age_ms, node}; one process (its current run) or all.
  {"scripts_status", "Process status",
   "Status of one process (by name) or of all: run id, state, pid, exit "
   "code or signal, start/end time, uptime, restarts, readiness, CPU%, "
   "RSS, URLs, plus the age of the status view.",
   R"j({"type": "object", "properties": {
     "name": {"type": "string", "minLength": 1}},
     "additionalProperties": false})j",
   "statuses", true, false, true},
  // logs_stream {name?, since_seq?, limit?, stream?, follow?, timeout_ms?}
  // → {lines:[line…] oldest first, next_seq, truncated?}. Without follow:
  // the newest `limit` lines after since_seq. With follow: waits for new
  // lines until timeout_ms or cancel; each line is also sent as a progress
  // notification (request with progressToken) or notifications/message.
  // next_seq: pass as since_seq to continue (0 without `name`, as sequence
  // numbers are per process). truncated: lines after since_seq were
  // skipped (limit or no longer kept).
  {"logs_stream", "Read or follow logs",
   "Newest log lines of one process (or all), oldest first, after the "
   "cursor `since_seq`. With `follow`, wait for new lines until "
   "`timeout_ms` or cancellation; they also arrive as progress/log "
   "notifications. Continue with since_seq = next_seq.",
   R"j({"type": "object", "properties": {
     "name": {"type": "string", "minLength": 1},
     "since_seq": {"type": "integer", "minimum": 0,
       "description": "only lines with a larger seq (needs name)"},
     "limit": {"type": "integer", "minimum": 1, "maximum": 10000,
       "default": 100},
     "stream": {"type": "string", "enum": ["stdout", "stderr"]},
     "follow": {"type": "boolean", "default": false},
     "timeout_ms": {"type": "integer", "minimum": 0, "maximum": 300000,
       "default": 30000}},
     "additionalProperties": false})j",
   "lines", true, false, true},
  // logs_search {query, regex?, name?, stream?, since?, limit?} →
  // {matches:[line…] newest first, searched_lines, truncated?}. regex uses
  // RE2 syntax (an invalid pattern is an error result); since is a seq
  // (needs name) or an ISO 8601 time; memory ring and log files.
  {"logs_search", "Search logs",
   "Search log lines (memory and log files) for a substring, or an RE2 "
   "regular expression with regex: true. Newest matches first.",
   R"j({"type": "object", "properties": {
     "query": {"type": "string", "minLength": 1},
     "regex": {"type": "boolean", "default": false},
     "name": {"type": "string", "minLength": 1},
     "stream": {"type": "string", "enum": ["stdout", "stderr"]},
     "since": {"type": ["integer", "string"],
       "description": "a seq (needs name) or an ISO 8601 time"},
     "limit": {"type": "integer", "minimum": 1, "maximum": 10000,
       "default": 100}},
     "required": ["query"], "additionalProperties": false})j",
   "matches", true, false, true},
  // cluster_status {} → {node, view_version, nodes:[…], propagation}: this
  // node and every peer with its link state.
  {"cluster_status", "Cluster status",
   "This node and every peer node: name, address, link state (local, "
   "linked, stale, connecting), when it was last heard from, its view "
   "version and process counts by status; plus how long changes take to "
   "arrive here from their node.",
   R"j({"type": "object", "properties": {}, "additionalProperties": false})j",
   R"j({"type": "object", "properties": {
     "node": {"type": "string"},
     "view_version": {"type": "integer", "minimum": 0},
     "nodes": {"type": "array", "items": {"type": "object", "properties": {
       "name": {"type": "string"},
       "address": {"type": ["string", "null"]},
       "state": {"type": "string",
         "enum": ["local", "linked", "stale", "connecting"]},
       "last_heard": {"type": ["string", "null"]},
       "last_heard_ms_ago": {"type": ["integer", "null"]},
       "view_version": {"type": "integer", "minimum": 0},
       "processes": {"type": "integer", "minimum": 0},
       "counts": {"type": "object",
         "additionalProperties": {"type": "integer"}},
       "tls": {"type": "boolean"},
       "remote_control": {"type": "boolean"},
       "error": {"type": ["string", "null"]}},
       "required": ["name", "address", "state", "last_heard", "view_version",
         "processes", "counts", "tls", "remote_control", "error"]}},
     "propagation": {"type": "object", "properties": {
       "count": {"type": "integer", "minimum": 0},
       "p50_ms": {"type": "number"}, "p99_ms": {"type": "number"},
       "max_ms": {"type": "number"}},
       "description": "origin publish to this node's cluster view"}},
     "required": ["node", "view_version", "nodes", "propagation"]})j",
   true, false, true},
};

/// Tools that take an optional `node`: which node of the cluster.
constexpr std::string_view node_tools[]
  = {"scripts_list", "scripts_status", "scripts_run", "scripts_stop",
     "scripts_restart"};

json output_schema(std::string_view kind) {
  auto status = json::parse(status_schema);
  auto line = json::parse(line_schema);
  if (kind == "status")
    return status;
  if (kind == "status+duplicate") {
    status["properties"]["duplicate"] = {{"type", "boolean"}};
    status["required"].push_back("duplicate");
    return status;
  }
  if (kind == "statuses")
    return json{
      {"type", "object"},
      {"properties",
       {{"processes", {{"type", "array"}, {"items", status}}},
        {"view_version", {{"type", "integer"}, {"minimum", 0}}},
        {"view_age_ms", {{"type", "integer"}, {"minimum", 0}}},
        {"node", {{"type", "string"}}}}},
      {"required", {"processes", "view_version", "view_age_ms", "node"}}};
  auto list = kind == "lines" ? "lines" : "matches";
  auto count = kind == "lines" ? "next_seq" : "searched_lines";
  return json{{"type", "object"},
              {"properties",
               {{list, {{"type", "array"}, {"items", line}}},
                {count, {{"type", "integer"}, {"minimum", 0}}},
                {"truncated", {{"type", "boolean"}}}}},
              {"required", {list, count}}};
}

json build_definitions() {
  auto result = json::array();
  for (const auto& t : tools) {
    std::string_view out = t.output;
    auto output = out.front() == '{' ? json::parse(out) : output_schema(out);
    json annotations{{"title", t.title},
                     {"readOnlyHint", t.read_only},
                     {"destructiveHint", t.destructive},
                     {"idempotentHint", t.idempotent},
                     {"openWorldHint", false}};
    auto input = json::parse(t.input);
    for (auto n : node_tools)
      if (n == t.name)
        input["properties"]["node"]
          = {{"type", "string"},
             {"minLength", 1},
             {"description",
              n == "scripts_list" || n == "scripts_status"
                ? "cluster node (name or host:port); \"*\" for every node; "
                  "default: this node"
                : "cluster node (name or host:port) to act on; default: this "
                  "node. Needs a TLS link and allow_remote_control there."}};
    result.push_back({{"name", t.name},
                      {"title", t.title},
                      {"description", t.description},
                      {"inputSchema", std::move(input)},
                      {"outputSchema", std::move(output)},
                      {"annotations", std::move(annotations)}});
  }
  return result;
}

bool has(const json& args, const char* key) {
  return args.contains(key);
}

std::string policy(std::string_view tool, const json& args,
                   const call_origin& origin) {
  if (tool == "scripts_run") {
    if ((has(args, "args") || has(args, "cwd")) && !has(args, "command"))
      return "args and cwd need command (an ad-hoc program to run)";
    if (origin.transport == "http" && !origin.allow_commands
        && (has(args, "command") || has(args, "env")))
      return "ad-hoc commands and env are disabled over HTTP; set "
             "[mcp] allow_commands = true in hummel.toml to allow them";
  } else if (tool == "logs_stream") {
    if (has(args, "since_seq") && !has(args, "name"))
      return "since_seq needs name: sequence numbers are per process";
  } else if (tool == "logs_search") {
    if (has(args, "since") && args["since"].is_number() && !has(args, "name"))
      return "a numeric since (seq) needs name: sequence numbers are per "
             "process; use an ISO 8601 time for all processes";
  }
  return {};
}

} // namespace

const json& tool_definitions() {
  static const json defs = build_definitions();
  return defs;
}

const json* find_tool(std::string_view name) {
  for (const auto& t : tool_definitions())
    if (t["name"].get_ref<const std::string&>() == name)
      return &t;
  return nullptr;
}

std::string prepare_arguments(const json& tool, json& args,
                              const call_origin& origin) {
  if (!args.is_object())
    return "arguments must be an object";
  if (auto err = conform(tool["inputSchema"], args, ""); !err.empty())
    return "invalid arguments: " + err;
  return policy(tool["name"].get_ref<const std::string&>(), args, origin);
}

std::string check_result(const json& tool, const json& structured) {
  return check(tool["outputSchema"], structured, "structuredContent");
}

} // namespace hummel::mcp
