// projects_list {} → {projects:[…]}: the local hub's projects (`hummel
// hub`), one per daemon of this user: folder, link state, process counts,
// errors, URLs. Only the hub offers it; hub_tool() below makes the other
// definitions take `project`.

#include "mcp/tools.hpp"
#include "mcp/tools/text.hpp"

namespace hummel::mcp {

namespace {

std::string projects_text(const nlohmann::json& x) {
  std::string out;
  const auto& ps = x.at("projects");
  if (ps.empty())
    return "no projects: start one with `hummel up` in its folder";
  for (const auto& p : ps) {
    out += p.value("project", "") + "  " + p.value("state", "") + "  "
           + std::to_string(p.value("running", 0)) + "/"
           + std::to_string(p.value("processes", 0)) + " running";
    if (auto e = p.value("errors", 0); e > 0)
      out += "  " + std::to_string(e) + " error(s)";
    out += "  " + p.value("folder", "") + "\n";
  }
  return out;
}

} // namespace

const tool_def projects_list_tool{
  .name = "projects_list",
  .title = "Projects",
  .description
  = "Every project of this user on this machine that the hub found (one "
    "hummel daemon each): its name (the folder's; pass it as `project` to "
    "the other tools), folder, link state (linked, stale: its daemon "
    "stopped answering, connecting), process counts, errors found, and "
    "its MCP URL.",
  .input_schema = nlohmann::json::parse(
    R"j({"type": "object", "properties": {}, "additionalProperties": false})j"),
  .output_schema = nlohmann::json::parse(R"j({"type": "object", "properties": {
    "projects": {"type": "array", "items": {"type": "object", "properties": {
      "project": {"type": "string"},
      "folder": {"type": "string"},
      "state": {"type": "string", "enum": ["linked", "stale", "connecting"]},
      "processes": {"type": "integer", "minimum": 0},
      "running": {"type": "integer", "minimum": 0},
      "errors": {"type": "integer", "minimum": 0},
      "pid": {"type": "integer"},
      "mcp_url": {"anyOf": [{"type": "string"}, {"type": "null"}]},
      "urls": {"type": "array", "items": {"type": "string"}},
      "error": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
      "required": ["project", "folder", "state", "processes", "running",
        "errors", "pid", "mcp_url", "urls", "error"]}}},
    "required": ["projects"]})j"),
  .policy = {},
  .text = &projects_text,
};

tool_def hub_tool(const tool_def& base, bool one_project) {
  auto def = base;
  auto& props = def.input_schema["properties"];
  bool control = def.policy.access == tool_access::control;
  std::string what = control       ? "The project to act on (required): "
                     : one_project ? "The project to read (required): "
                                   : "The project to read: ";
  what += "its name as projects_list shows it (the folder's name)";
  what += control || one_project ? "."
                                 : ", or \"*\" for every project (the "
                                   "default).";
  props["project"] = {{"type", "string"}, {"description", what}};
  // The live views (`hummel ui --hub`, the hub's dashboard) name a row's
  // node; in the hub a node is a project.
  if (props.contains("node") || control || one_project)
    props["node"]
      = {{"type", "string"}, {"description", "The same as `project`."}};
  return def;
}

} // namespace hummel::mcp
