#pragma once

// The tool table of the CLI tests' fake daemon: the real definitions, each
// forwarding to a handler_backend (cli_support.hpp includes this after it).

#include "tests/support/tool_table.hpp"

namespace cli_test {

/// The real tool definitions, each forwarding to a handler_backend.
inline mcp::tool_table tools() {
  return hummel::test::forwarding_table<handler_backend>();
}

} // namespace cli_test
