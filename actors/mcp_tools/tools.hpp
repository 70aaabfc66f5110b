#pragma once

// The handlers of hummel's MCP tools, one file each in this folder; their
// definitions are in lib/mcp/tools/ (mcp/tools.hpp), and table.cpp pairs
// the two into the daemon's one tool table. Include from this folder's
// .cpp files and from the MCP SESSION only.
//
// Thread safety: handlers run on their session actor.

#include "actors/mcp_backend.hpp"
#include "mcp/tool.hpp"
#include "messages/cluster_view.hpp"
#include "messages/error_entry.hpp"
#include "messages/process_snapshot.hpp"

#include <functional>

namespace hummel {
struct mcp_context;
} // namespace hummel

namespace hummel::mcp_tools {

/// The daemon's tool table, in `tools/list` order. Its handlers expect the
/// backend of an MCP SESSION (an `mcp_backend`): only mcp_session hands it
/// to an engine.
mcp::tool_table table();

/// The local hub's tool table (hub.cpp): the reads and commands of
/// `table()` with `project` for `node`, and projects_list.
mcp::tool_table hub_table();

/// Runs `call` (with `project`) on that project's own daemon through its
/// MCP socket and answers with the daemon's result (hub_forward.cpp).
mcp::cancel_fn forward_to_project(mcp_backend& be, mcp::tool_call call);

// One handler per tool (actors/mcp_tools/<name>.cpp).
mcp::cancel_fn scripts_list(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn scripts_run(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn scripts_stop(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn scripts_restart(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn scripts_status(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn logs_stream(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn logs_search(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn logs_errors(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn logs_clear(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn cluster_status(mcp_backend& be, mcp::tool_call call);
mcp::cancel_fn config_reload(mcp_backend& be, mcp::tool_call call);

/// cluster_status from the daemon's cells (`ctx`) at `now`.
mcp::tool_outcome cluster_from_views(const mcp_context& ctx, int64_t now);

/// The logs_errors record of `e` (JSON).
nlohmann::json error_json(const error_entry& e);

/// Asks the PROCESS actors of `names` for records matching `q`; `done`
/// gets {records: [...] newest first, truncated?}.
void collect_errors(mcp_backend& be, std::vector<std::string> names,
                    error_query q, std::function<void(nlohmann::json)> done);

/// The `stream` argument: 0 (both), 1 (stdout) or 2 (stderr).
uint8_t stream_of(const nlohmann::json& args);

/// The scripts_status item of `x` for a call with `args`: the `fields`
/// asked for, else every field (one process) or status_list_fields()
/// (`list`: no name given). Null when the `status` filter leaves it out.
nlohmann::json status_item(const process_snapshot& x, int64_t now_ms,
                           const nlohmann::json& args, bool list);

/// The scripts_list item of `x` for a call with `args` (`fields`,
/// `status`); null when the `status` filter leaves it out.
nlohmann::json list_item(const process_snapshot& x, const nlohmann::json& args);

/// One node of the cluster view as cluster_status and the cluster watch
/// show it: name, address, state, last heard, view version, process counts,
/// TLS, remote control, error.
nlohmann::json node_json(const node_entry& n, int64_t now);

} // namespace hummel::mcp_tools
