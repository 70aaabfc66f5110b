#pragma once

// The tool table of the CLI tests' fake daemon: the real definitions, each
// forwarding to a handler_backend (cli_support.hpp includes this after it).

#include "mcp/tools.hpp"

namespace cli_test {

/// The handler of tool `D` in `tools()`: forwards to the handler_backend.
template <const mcp::tool_def* D>
mcp::cancel_fn forward(mcp::backend& be, mcp::tool_call c) {
  return static_cast<handler_backend&>(be).call_tool(
    D->name, c.args, c.origin, std::move(c.progress), std::move(c.done));
}

/// The real tool definitions, each forwarding to a handler_backend.
inline mcp::tool_table tools() {
  using namespace hummel::mcp;
  static const tool table[] = {
    {&scripts_list_tool, &forward<&scripts_list_tool>},
    {&scripts_run_tool, &forward<&scripts_run_tool>},
    {&scripts_stop_tool, &forward<&scripts_stop_tool>},
    {&scripts_restart_tool, &forward<&scripts_restart_tool>},
    {&scripts_status_tool, &forward<&scripts_status_tool>},
    {&logs_stream_tool, &forward<&logs_stream_tool>},
    {&logs_search_tool, &forward<&logs_search_tool>},
    {&cluster_status_tool, &forward<&cluster_status_tool>},
  };
  return table;
}

} // namespace cli_test
