// scripts_list {status?, fields?, node?} → {processes:[{name, kind,
// command, running, status, node?}], view_version, node?}: every defined
// process and package.json script, filtered by state, with the chosen
// fields (name always).

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"
#include "mcp/tools/text.hpp"

namespace hummel::mcp {

namespace {

nlohmann::json input() {
  using nlohmann::json;
  json schema{
    {"type", "object"},
    {"properties",
     {{"status", shapes::status_filter()},
      {"fields", shapes::fields_property(list_fields(), "every field")}}},
    {"additionalProperties", false}};
  return shapes::with_node(std::move(schema), false);
}

} // namespace

const tool_def scripts_list_tool{
  .name = "scripts_list",
  .title = "List processes and scripts",
  .description
  = "List every process defined in hummel.toml and every package.json "
    "script, with its kind, command and state. Filter by state with "
    "`status`; choose the returned fields with `fields`.",
  .input_schema = input(),
  .output_schema = nlohmann::json::parse(R"j({"type": "object", "properties": {
    "processes": {"type": "array", "items": {"type": "object",
      "properties": {"name": {"type": "string"},
        "kind": {"type": "string", "enum": ["service", "script"]},
        "command": {"type": "string"}, "running": {"type": "boolean"},
        "status": {"type": "string"}, "node": {"type": "string"}},
      "required": ["name"]}},
    "view_version": {"type": "integer", "minimum": 0},
    "node": {"type": "string"}, "node_state": {"type": "string"}},
    "required": ["processes", "view_version"]})j"),
  .policy = {},
  .text = &text::process_list,
};

} // namespace hummel::mcp
