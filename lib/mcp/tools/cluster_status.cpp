// cluster_status {} → {node, view_version, nodes:[…], propagation,
// view_cell}: this node and every peer with its link state, and this
// daemon's view cell metrics.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"
#include "mcp/tools/text.hpp"

namespace hummel::mcp {

const tool_def cluster_status_tool{
  .name = "cluster_status",
  .title = "Cluster status",
  .description = "This node and every peer node: name, address, link state "
                 "(local, linked, stale, connecting), when it was last heard "
                 "from, its view version and process counts by status; plus "
                 "how long changes take to arrive here from their node.",
  .input_schema = nlohmann::json::parse(
    R"j({"type": "object", "properties": {}, "additionalProperties": false})j"),
  .output_schema = nlohmann::json::parse(R"j({"type": "object", "properties": {
    "node": {"type": "string"},
    "view_version": {"type": "integer", "minimum": 0},
    "nodes": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"},
      "address": {"anyOf": [{"type": "string"}, {"type": "null"}]},
      "state": {"type": "string",
        "enum": ["local", "linked", "stale", "connecting"]},
      "last_heard": {"anyOf": [{"type": "string"}, {"type": "null"}]},
      "last_heard_ms_ago": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
      "view_version": {"type": "integer", "minimum": 0},
      "processes": {"type": "integer", "minimum": 0},
      "counts": {"type": "object",
        "additionalProperties": {"type": "integer"}},
      "tls": {"type": "boolean"},
      "remote_control": {"type": "boolean"},
      "error": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
      "required": ["name", "address", "state", "last_heard", "view_version",
        "processes", "counts", "tls", "remote_control", "error"]}},
    "propagation": {"type": "object", "properties": {
      "count": {"type": "integer", "minimum": 0},
      "p50_ms": {"type": "number"}, "p99_ms": {"type": "number"},
      "max_ms": {"type": "number"}},
      "description": "origin publish to this node's cluster view"},
    "view_cell": {"type": "object", "properties": {
      "mode": {"type": "string", "enum": ["membarrier", "fenced"]},
      "fenced_switches": {"type": "integer", "minimum": 0},
      "backlog": {"type": "integer", "minimum": 0},
      "oldest_pin_ms": {"type": "integer", "minimum": 0},
      "oldest_pin_thread": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
      "deferred_publishes": {"type": "integer", "minimum": 0},
      "scans": {"type": "integer", "minimum": 0},
      "reader_slots": {"type": "integer", "minimum": 0}},
      "description": "this daemon's view cell: reader mode, retired views waiting, the oldest open read section holding them (age, thread id), publishes deferred while the backlog was high"}},
    "required": ["node", "view_version", "nodes", "propagation"]})j"),
  .policy = {},
  .text = &text::cluster,
};

} // namespace hummel::mcp
