// scripts_status {name?, status?, fields?, node?} → {processes:[status…],
// view_version, view_age_ms, node}: one process (its current run) or all,
// filtered by state, with the chosen fields (name always). Without
// `fields`, one process has every field and a list has
// status_list_fields(): a 100-process answer stays a few KB.

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
     {{"name", shapes::name_property("a process or package.json script; "
                                     "default: every process")},
      {"status", shapes::status_filter()},
      {"fields", shapes::fields_property(
                   status_fields(), "every field for one process (with name); "
                                    "name, status, pid, exit_code (error_count "
                                    "where not 0) for a list")}}},
    {"additionalProperties", false}};
  return shapes::with_node(std::move(schema), false);
}

nlohmann::json output() {
  using nlohmann::json;
  return json{
    {"type", "object"},
    {"properties",
     {{"processes", {{"type", "array"}, {"items", shapes::status(false)}}},
      {"view_version", {{"type", "integer"}, {"minimum", 0}}},
      {"view_age_ms", {{"type", "integer"}, {"minimum", 0}}},
      {"node", {{"type", "string"}}},
      {"node_state", {{"type", "string"}}}}},
    {"required", {"processes", "view_version", "view_age_ms", "node"}}};
}

} // namespace

const tool_def scripts_status_tool{
  .name = "scripts_status",
  .title = "Process status",
  .description
  = "Status of one process (by name) or of all, as a table: state, pid, "
    "exit code or signal, uptime, restarts, readiness, CPU%, RSS, URLs. "
    "Filter by state with `status` (e.g. [\"failed\", \"crashed\"]); "
    "choose the returned fields with `fields`. A list returns name, "
    "status, pid and exit_code unless `fields` asks for more.",
  .input_schema = input(),
  .output_schema = output(),
  .policy = {},
  .text = &text::status_table,
};

} // namespace hummel::mcp
