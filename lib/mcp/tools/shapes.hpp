#pragma once

// Internal to lib/mcp/tools/: schema parts several tool definitions share.

#include "mcp/tool.hpp"

#include <string_view>

namespace hummel::mcp::shapes {

/// A status object: one process, its current run first (or its last run).
nlohmann::json status();

/// A log line.
nlohmann::json line();

/// `{name}` only, required (scripts_stop, scripts_restart).
nlohmann::json name_only();

/// The optional `node` argument. `control`: the tool acts on that node
/// (needs remote control there); else it reads from it (or "*": all).
nlohmann::json node_property(bool control);

/// `input` (JSON text) with the optional `node` argument added.
nlohmann::json with_node(std::string_view input, bool control);

/// A list result: `{<list>: [line…], <count>: int, truncated?}`.
nlohmann::json lines_result(const char* list, const char* count);

/// A control tool's policy (starts or stops processes).
tool_policy control_policy();

} // namespace hummel::mcp::shapes
