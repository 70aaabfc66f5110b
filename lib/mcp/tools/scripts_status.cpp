// scripts_status {name?, node?} → {processes:[status…], view_version,
// view_age_ms, node}: one process (its current run) or all.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"

namespace hummel::mcp {

namespace {

nlohmann::json output() {
  using nlohmann::json;
  return json{
    {"type", "object"},
    {"properties",
     {{"processes", {{"type", "array"}, {"items", shapes::status()}}},
      {"view_version", {{"type", "integer"}, {"minimum", 0}}},
      {"view_age_ms", {{"type", "integer"}, {"minimum", 0}}},
      {"node", {{"type", "string"}}}}},
    {"required", {"processes", "view_version", "view_age_ms", "node"}}};
}

} // namespace

const tool_def scripts_status_tool{
  .name = "scripts_status",
  .title = "Process status",
  .description
  = "Status of one process (by name) or of all: run id, state, pid, exit "
    "code or signal, start/end time, uptime, restarts, readiness, CPU%, "
    "RSS, URLs, plus the age of the status view.",
  .input_schema = shapes::with_node(R"j({"type": "object", "properties": {
    "name": {"type": "string", "minLength": 1}},
    "additionalProperties": false})j",
                                    false),
  .output_schema = output(),
  .policy = {},
};

} // namespace hummel::mcp
