#pragma once

// The definitions of hummel's MCP tools — THE CONTRACT between the engine
// and the daemon's handlers (see mcp/tool.hpp for the table). Names are
// Brummer's (`scripts_*`, `logs_*`) so that prompts written for it keep
// working. One file per tool in lib/mcp/tools/, with a doc comment on its
// arguments and result.
//
// - The engine validates arguments before the handler: unknown fields,
//   wrong types, out-of-range numbers, the tool's rules and its policy
//   become `isError` results, never protocol errors.
// - A handler's `tool_outcome::structured` must match the `outputSchema`;
//   the engine checks it (engine_config::check_results). The text content
//   is the definition's `text` summary of it (a table, a few lines; ANSI
//   escapes stripped); sessions of protocol versions before 2025-06-18,
//   which know no structuredContent, get the JSON text instead.
//
// Thread safety: immutable after static initialisation.

#include "mcp/tool.hpp"

namespace hummel::mcp {

/// scripts_list: every defined process and package.json script.
extern const tool_def scripts_list_tool;
/// scripts_run: start a process (or an ad-hoc command) by name.
extern const tool_def scripts_run_tool;
/// scripts_stop: stop a process, answer once it has ended.
extern const tool_def scripts_stop_tool;
/// scripts_restart: stop and start, answer once the new run started.
extern const tool_def scripts_restart_tool;
/// scripts_status: the status of one process or of all.
extern const tool_def scripts_status_tool;
/// logs_stream: read or follow log lines.
extern const tool_def logs_stream_tool;
/// logs_search: search log lines by substring or RE2 regex.
extern const tool_def logs_search_tool;
/// logs_errors: the error records found in the output, newest first.
extern const tool_def logs_errors_tool;
extern const tool_def logs_clear_tool;
/// cluster_status: this node and its peers.
extern const tool_def cluster_status_tool;
/// config_reload: load the configuration again and apply the difference.
extern const tool_def config_reload_tool;

// -- the local hub (`hummel hub`) ---------------------------------------------

/// projects_list: the hub's projects (not in all_tools: only the hub has it).
extern const tool_def projects_list_tool;

/// `base` as the hub offers it: with `project` (a control tool's handler,
/// or one answered by a project's own daemon (`one_project`), requires it
/// or its alias `node`; other reads default to "*", every project).
tool_def hub_tool(const tool_def& base, bool one_project = false);

// -- fields and filters of scripts_status and scripts_list -------------------

/// Every field of a status object, in table order.
std::span<const char* const> status_fields();

/// The fields of a scripts_status list (no `name`) without `fields`:
/// name, status, pid, exit_code, and error_count and log_degraded where
/// set (and node, on a read of other nodes). One process (with `name`)
/// gets all.
std::span<const char* const> status_list_fields();

/// Every field of a scripts_list item.
std::span<const char* const> list_fields();

/// Removes from object `item` every member not named in `fields` (a JSON
/// array of strings); `name` always stays.
void keep_fields(nlohmann::json& item, const nlohmann::json& fields);

/// As above, with the names as a span.
void keep_fields(nlohmann::json& item, std::span<const char* const> fields);

/// Whether a process in state `status` passes the `status` argument
/// `filter`: one state, an array of states, or null (no filter).
bool status_matches(const nlohmann::json& filter, std::string_view status);

/// Every definition above, in `tools/list` order: the list the daemon's
/// table pairs with handlers (a test keeps the two in step) and from which
/// tests build tables of fake handlers.
std::span<const tool_def* const> all_tools();

} // namespace hummel::mcp
