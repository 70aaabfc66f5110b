#pragma once

// The tools of hummel's MCP server — THE CONTRACT between the engine and the
// daemon-side `backend`. Names are Brummer's (`scripts_*`, `logs_*`) so that
// prompts written for it keep working. Every tool has an `inputSchema`, an
// `outputSchema` and annotations; the exact schemas, with a doc comment per
// tool, are in mcp/tools.cpp.
//
// - The engine validates arguments before `backend::call_tool`: unknown
//   fields, wrong types, out-of-range numbers and policy violations become
//   `isError` results, never protocol errors. The backend receives an object
//   with the schema defaults filled in (`limit`, `follow`, `timeout_ms`, …)
//   and integral floats (`5.0`) turned into integers.
// - The backend's `tool_outcome::structured` must match the `outputSchema`;
//   the engine checks it (engine_config::check_results) and copies it as
//   JSON text into `content`.
//
// Pure functions over immutable static data; safe from any thread.

#include "mcp/backend.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace hummel::mcp {

/// Every tool definition in `tools/list` order: a JSON array of
/// `{name, title, description, inputSchema, outputSchema, annotations}`.
const nlohmann::json& tool_definitions();

/// The definition of tool `name`, or nullptr.
const nlohmann::json* find_tool(std::string_view name);

/// Validates `args` (any JSON value; must be an object) against `tool`'s
/// inputSchema and the rules the schema cannot say (`args`/`cwd` need
/// `command`; `since_seq` and integer `since` need `name`; `command` and
/// `env` over HTTP only with `allow_commands`). Fills defaults. Returns ""
/// or the message for an `isError` result.
std::string prepare_arguments(const nlohmann::json& tool, nlohmann::json& args,
                              const call_origin& origin);

/// Checks a backend result against `tool`'s outputSchema; "" when it
/// conforms, else a message naming the field.
std::string check_result(const nlohmann::json& tool,
                         const nlohmann::json& structured);

} // namespace hummel::mcp
