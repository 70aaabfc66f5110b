#pragma once

// Internal to lib/mcp/tools/: schema parts several tool definitions share.

#include "mcp/tool.hpp"

#include <span>
#include <string_view>

namespace hummel::mcp::shapes {

/// `{"anyOf": [schema, {"type": "null"}]}` (with `description`, if any):
/// the nullable spelling every converter accepts.
nlohmann::json nullable(nlohmann::json schema,
                        const char* description = nullptr);

/// A status object: one process, its current run first (or its last run).
/// `complete`: every field is required (a command's answer); else only
/// `name` (scripts_status, whose `fields` chooses the rest).
nlohmann::json status(bool complete);

/// A log line.
nlohmann::json line();

/// The `name` argument: a process or script name, described as `what`.
nlohmann::json name_property(const char* what);

/// `{name}` only, required (scripts_stop, scripts_restart).
nlohmann::json name_only(const char* what);

/// The optional `node` argument. `control`: the tool acts on that node
/// (needs remote control there); else it reads from it (or "*": all).
nlohmann::json node_property(bool control);

/// `input` with the optional `node` argument.
nlohmann::json with_node(nlohmann::json input, bool control);

/// The `status` filter argument: one state or an array of states.
nlohmann::json status_filter();

/// The `fields` argument: an array of names from `all`; `defaults` says
/// what is returned without it.
nlohmann::json fields_property(std::span<const char* const> all,
                               const char* defaults);

/// A list result: `{<list>: [line…], <count>: int, truncated?}`.
nlohmann::json lines_result(const char* list, const char* count);

/// A control tool's policy (starts or stops processes).
tool_policy control_policy();

} // namespace hummel::mcp::shapes
