#include "mcp/tools.hpp"

namespace hummel::mcp {

namespace {

// Adding a tool: its definition file, one line here, one line in the
// daemon's table (actors/mcp_tools/table.cpp).
const tool_def* const every_tool[] = {
  &scripts_list_tool,    &scripts_run_tool,    &scripts_stop_tool,
  &scripts_restart_tool, &scripts_status_tool, &logs_stream_tool,
  &logs_search_tool,     &logs_errors_tool,    &logs_clear_tool,
  &cluster_status_tool,  &config_reload_tool,
};

} // namespace

std::span<const tool_def* const> all_tools() {
  return every_tool;
}

} // namespace hummel::mcp
