// config_reload {} → {added, removed, changed, unchanged, unapplied}: loads
// hummel.toml and package.json again and applies the difference. An
// invalid file changes nothing; the result is an error naming file:line.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"

namespace hummel::mcp {

namespace {

nlohmann::json string_list(const char* description) {
  return {{"type", "array"},
          {"items", {{"type", "string"}}},
          {"description", description}};
}

nlohmann::json output_schema() {
  nlohmann::json props;
  props["added"] = string_list("processes added (started if autostart)");
  props["removed"] = string_list("processes stopped and removed");
  props["changed"] = string_list(
    "processes whose definition changed; restarted if they were running");
  props["unchanged"]
    = {{"type", "integer"},
       {"minimum", 0},
       {"description", "how many processes were left as they were"}};
  props["unapplied"] = string_list(
    "tables that changed but apply only at the next daemon start (daemon, "
    "mcp, cluster, package_manager)");
  return {{"type", "object"},
          {"properties", std::move(props)},
          {"required", {"added", "removed", "changed", "unchanged"}}};
}

} // namespace

const tool_def config_reload_tool{
  .name = "config_reload",
  .title = "Reload the configuration",
  .description
  = "Load hummel.toml and package.json again and apply the difference: new "
    "processes appear (and start if autostart), removed ones stop and "
    "disappear, changed ones restart with their new definition, the others "
    "keep running untouched. An invalid file changes nothing and the error "
    "names file:line. Returns the names added, removed and changed and the "
    "number unchanged.",
  .input_schema = nlohmann::json::parse(R"j({
    "type": "object", "properties": {}, "additionalProperties": false})j"),
  .output_schema = output_schema(),
  .policy = shapes::control_policy(),
  .destructive = true,
  .idempotent = true,
};

} // namespace hummel::mcp
