// scripts_run {name, command?, args?, cwd?, env?, wait?, timeout_ms?,
// node?} → status + duplicate. Running a process that already runs starts
// nothing and answers duplicate: true with its status. `command` and `env`
// are ad-hoc: over HTTP only with `[mcp] allow_commands`.
//
// With wait: the answer comes when the run ends, or at timeout_ms with the
// run still going (timed_out: true), and adds duration_ms, timed_out,
// output_tail (the run's last lines, both streams) and stderr_tail (its
// last stderr lines), ANSI escapes stripped. The default timeout (50 s)
// stays below the 60 s request timeout of the TypeScript SDK, so a client
// with default settings gets the timed-out answer, not its own timeout;
// `hummel run --wait` passes a longer one.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"
#include "mcp/tools/text.hpp"

namespace hummel::mcp {

namespace {

nlohmann::json output() {
  using nlohmann::json;
  auto status = shapes::status(true);
  auto& p = status["properties"];
  p["duplicate"] = {{"type", "boolean"},
                    {"description", "it was running already: nothing started"}};
  p["timed_out"] = {{"type", "boolean"},
                    {"description", "with wait: the run was still going at "
                                    "timeout_ms"}};
  p["duration_ms"] = {{"type", "integer"},
                      {"minimum", 0},
                      {"description", "with wait: how long the run took (so "
                                      "far, when timed out)"}};
  json lines{{"type", "array"}, {"items", {{"type", "string"}}}};
  p["output_tail"] = lines;
  p["output_tail"]["description"]
    = "with wait: the run's last lines of output (stdout and stderr)";
  p["stderr_tail"] = lines;
  p["stderr_tail"]["description"] = "with wait: the run's last stderr lines";
  p["errors"] = {{"type", "array"},
                 {"description",
                  "with wait: errors found in the run's output (at most 5, "
                  "newest first; logs_errors has them all)"},
                 {"items",
                  {{"type", "object"},
                   {"properties",
                    {{"kind", {{"type", "string"}}},
                     {"severity", {{"type", "string"}}},
                     {"message", {{"type", "string"}}},
                     {"headline", {{"type", "string"}}},
                     {"count", {{"type", "integer"}, {"minimum", 1}}},
                     {"file", {{"type", "string"}}},
                     {"line", {{"type", "integer"}}},
                     {"column", {{"type", "integer"}}},
                     {"lines", lines}}},
                   {"required", {"kind", "message", "headline", "lines"}}}}};
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
    "under `name`. With `wait: true`, answer when the run ends (or at "
    "`timeout_ms`) with its exit code, duration and last lines of output "
    "and stderr: a test or build in one call.",
  .input_schema = shapes::with_node(
    nlohmann::json::parse(R"j({"type": "object", "properties": {
    "name": {"type": "string", "minLength": 1,
      "description": "the process or package.json script to start, or the name of an ad-hoc command"},
    "command": {"type": "string", "minLength": 1,
      "description": "ad-hoc program to run under `name`"},
    "args": {"type": "array", "items": {"type": "string"},
      "description": "arguments of `command`"},
    "cwd": {"type": "string", "description": "working directory of `command`"},
    "env": {"type": "object", "additionalProperties": {"type": "string"},
      "description": "extra environment variables for this run"},
    "wait": {"type": "boolean",
      "description": "answer when the run ends (exit code, duration, output and stderr tails) instead of once it started; default false"},
    "timeout_ms": {"type": "integer", "minimum": 0, "maximum": 86400000,
      "description": "with wait: answer after this long (default 50000) even if the run goes on (timed_out: true); the run is not stopped"}},
    "required": ["name"], "additionalProperties": false})j"),
    true),
  .output_schema = output(),
  .policy = policy(),
  .destructive = false,
  .idempotent = true,
  .rules = &rules,
  .text = &text::command,
};

} // namespace hummel::mcp
