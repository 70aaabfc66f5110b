// logs_errors {name?, since?, limit?, severity?, node?} → {records:[record…]
// newest first, truncated?}. Records are the errors found in the output
// (grouped lines, a repeat count), kept per process across its runs; since is
// epoch ms or an ISO 8601 time.

#include "mcp/tools.hpp"

#include <string>

namespace hummel::mcp {

namespace {

using nlohmann::json;

/// One line per record: time, process, kind, ×count, headline, location;
/// then its first grouped lines, indented.
std::string records_text(const json& x) {
  auto records = x.value("records", json::array());
  if (x.contains("summaries")) {
    std::string out;
    for (const auto& s : x["summaries"])
      out += s.value("node", "") + "  " + s.value("process", "") + "  "
             + std::to_string(s.value("error_count", 0)) + " error"
             + (s.value("error_count", 0) == 1 ? "" : "s") + "  "
             + (s["last_error"].is_string() ? s["last_error"].get<std::string>()
                                            : "-")
             + "\n";
    return (out.empty() ? "no errors on node " + x.value("node", "") + "\n"
                        : out)
           + "(" + x.value("note", "") + ")\n";
  }
  std::string out = std::to_string(records.size()) + " error record"
                    + (records.size() == 1 ? "" : "s") + ", newest first\n";
  for (const auto& r : records) {
    out += r.value("time", "") + "  " + r.value("process", "") + "  "
           + r.value("kind", "");
    if (r.value("count", 1) > 1)
      out += " x" + std::to_string(r.value("count", 1));
    out += "  " + r.value("message", "");
    if (auto f = r.value("file", json()); f.is_string()) {
      out += "  (" + f.get<std::string>();
      if (auto l = r.value("line", json()); l.is_number())
        out += ":" + l.dump();
      out += ")";
    }
    out += "\n";
    size_t shown = 0;
    for (const auto& l : r.value("lines", json::array())) {
      if (++shown > 5)
        break;
      out += "    " + l.get<std::string>() + "\n";
    }
  }
  return out;
}

constexpr const char* output_text = R"j({"type": "object", "properties": {
  "records": {"type": "array", "items": {"type": "object", "properties": {
    "id": {"type": "integer", "minimum": 1},
    "process": {"type": "string"},
    "run_id": {"type": "integer", "minimum": 0},
    "stream": {"type": "string", "enum": ["stdout", "stderr"]},
    "time": {"type": "string", "description": "last seen, ISO 8601 UTC"},
    "first_time": {"type": "string", "description": "first seen"},
    "count": {"type": "integer", "minimum": 1,
      "description": "how often the same error (kind, message, location) was seen"},
    "severity": {"type": "string", "enum": ["error", "warning", "info"]},
    "kind": {"type": "string", "description": "e.g. typescript, python-traceback, gcc"},
    "message": {"type": "string", "description": "the headline"},
    "code": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    "file": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    "line": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
    "column": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
    "lines": {"type": "array", "items": {"type": "string"},
      "description": "the grouped lines (headline, frames, notes)"}},
    "required": ["id", "process", "run_id", "time", "count", "severity",
                 "kind", "message", "lines"]}},
  "truncated": {"type": "boolean"},
  "node": {"type": "string", "description": "with node: the node asked"},
  "summaries": {"type": "array", "description": "with node: each process of that node (or of every node) with errors, from the cluster view", "items": {"type": "object", "properties": {
    "node": {"type": "string"}, "process": {"type": "string"},
    "run_id": {"type": "integer", "minimum": 0},
    "error_count": {"type": "integer", "minimum": 0},
    "last_error": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
    "required": ["node", "process", "error_count", "last_error"]}},
  "note": {"type": "string"}},
  "required": ["records"]})j";

} // namespace

const tool_def logs_errors_tool{
  .name = "logs_errors",
  .title = "Errors in the output",
  .description
  = "Errors found in the processes' output (stack traces, compiler and "
    "test failures, grouped with their lines; a repeat counts up), newest "
    "first. A stderr line alone is not an error.",
  .input_schema = nlohmann::json::parse(R"j({"type": "object", "properties": {
    "name": {"type": "string", "minLength": 1,
      "description": "only this process or script; default: every process"},
    "since": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}],
      "description": "only records seen at or after this time (epoch ms or ISO 8601)"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 1000,
      "default": 50, "description": "at most this many records"},
    "severity": {"type": "string", "enum": ["error", "warning", "info"],
      "description": "at least this severe; default: every record"},
    "node": {"type": "string", "minLength": 1,
      "description": "another node of the cluster, or \"*\" for every node: its processes' error counts and newest headlines from the cluster view (the records stay on their node); default: this node"}},
    "additionalProperties": false})j"),
  .output_schema = nlohmann::json::parse(output_text),
  .policy = {},
  .rules = nullptr,
  .text = &records_text,
};

} // namespace hummel::mcp
