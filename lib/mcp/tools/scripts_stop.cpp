// scripts_stop {name, node?} → status, after the run has actually ended.

#include "mcp/tools.hpp"
#include "mcp/tools/shapes.hpp"
#include "mcp/tools/text.hpp"

namespace hummel::mcp {

const tool_def scripts_stop_tool{
  .name = "scripts_stop",
  .title = "Stop a process",
  .description
  = "Stop a running process (its whole process tree) and return its final "
    "status once it has actually exited.",
  .input_schema = shapes::with_node(
    shapes::name_only("the process or package.json script to stop"), true),
  .output_schema = shapes::status(true),
  .policy = shapes::control_policy(),
  .destructive = true,
  .idempotent = true,
  .text = &text::command,
};

} // namespace hummel::mcp
