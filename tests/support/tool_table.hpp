#pragma once

// A tool table for tests: every real definition (mcp::all_tools), each with
// a handler that forwards the call, by tool name, to a test backend's
// `call_tool(name, args, origin, progress, done)`.

#include "mcp/tools.hpp"

#include <vector>

namespace hummel::test {

/// Forwards a call to `Backend::call_tool`.
template <class Backend>
mcp::cancel_fn forward_call(mcp::backend& be, mcp::tool_call c) {
  return static_cast<Backend&>(be).call_tool(
    c.def->name, c.args, c.origin, std::move(c.progress), std::move(c.done));
}

/// The real definitions, each forwarding to a `Backend`.
template <class Backend>
mcp::tool_table forwarding_table() {
  static const std::vector<mcp::tool> table = [] {
    std::vector<mcp::tool> result;
    for (const auto* def : mcp::all_tools())
      result.push_back({def, &forward_call<Backend>});
    return result;
  }();
  return table;
}

} // namespace hummel::test
