// scripts_list {node?} → {processes:[{name, kind, command, running, status,
// node?}], view_version, node?}: every defined process and package.json
// script.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"

namespace hummel::mcp {

const tool_def scripts_list_tool{
  .name = "scripts_list",
  .title = "List processes and scripts",
  .description
  = "List every process defined in hummel.toml and every package.json "
    "script, with its kind, command and whether it is running.",
  .input_schema = shapes::with_node(R"j({"type": "object", "properties": {},
    "additionalProperties": false})j",
                                    false),
  .output_schema = nlohmann::json::parse(R"j({"type": "object", "properties": {
    "processes": {"type": "array", "items": {"type": "object",
      "properties": {"name": {"type": "string"},
        "kind": {"type": "string", "enum": ["service", "script"]},
        "command": {"type": "string"}, "running": {"type": "boolean"},
        "status": {"type": "string"}, "node": {"type": "string"}},
      "required": ["name", "kind", "command", "running", "status"]}},
    "view_version": {"type": "integer", "minimum": 0},
    "node": {"type": "string"}},
    "required": ["processes", "view_version"]})j"),
  .policy = {},
};

} // namespace hummel::mcp
