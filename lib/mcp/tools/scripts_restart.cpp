// scripts_restart {name, node?} → status, after the new run has started.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"
#include "mcp/tools/text.hpp"

namespace hummel::mcp {

const tool_def scripts_restart_tool{
  .name = "scripts_restart",
  .title = "Restart a process",
  .description
  = "Stop a process if it runs, start it again, and return the status of "
    "the new run once it has started.",
  .input_schema = shapes::with_node(
    shapes::name_only("the process or package.json script to restart"), true),
  .output_schema = shapes::status(true),
  .policy = shapes::control_policy(),
  .destructive = true,
  .idempotent = false,
  .text = &text::command,
};

} // namespace hummel::mcp
