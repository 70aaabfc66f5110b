// scripts_run {name, command?, args?, cwd?, env?, node?} → status +
// duplicate. Running a process that already runs starts nothing and
// answers duplicate: true with its status. `command` and `env` are ad-hoc:
// over HTTP only with `[mcp] allow_commands`.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"

namespace hummel::mcp {

namespace {

nlohmann::json output() {
  auto status = shapes::status();
  status["properties"]["duplicate"] = {{"type", "boolean"}};
  status["required"].push_back("duplicate");
  return status;
}

tool_policy policy() {
  auto p = shapes::control_policy();
  p.ad_hoc_args = {"command", "env"};
  return p;
}

std::string rules(const nlohmann::json& args) {
  if ((args.contains("args") || args.contains("cwd"))
      && !args.contains("command"))
    return "args and cwd need command (an ad-hoc program to run)";
  return {};
}

} // namespace

const tool_def scripts_run_tool{
  .name = "scripts_run",
  .title = "Start a process",
  .description
  = "Start a defined process or package.json script by name and return its "
    "status. If it is already running, nothing is started and `duplicate` "
    "is true. With `command` (and `args`, `cwd`), run an ad-hoc program "
    "under `name`. The returned run_id names this run in later calls.",
  .input_schema = shapes::with_node(R"j({"type": "object", "properties": {
    "name": {"type": "string", "minLength": 1},
    "command": {"type": "string", "minLength": 1,
      "description": "ad-hoc program to run under `name`"},
    "args": {"type": "array", "items": {"type": "string"},
      "description": "arguments of `command`"},
    "cwd": {"type": "string", "description": "working directory of `command`"},
    "env": {"type": "object", "additionalProperties": {"type": "string"},
      "description": "extra environment variables for this run"}},
    "required": ["name"], "additionalProperties": false})j",
                                    true),
  .output_schema = output(),
  .policy = policy(),
  .destructive = false,
  .idempotent = true,
  .rules = &rules,
};

} // namespace hummel::mcp
