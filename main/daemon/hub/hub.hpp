#pragma once

// `hummel hub`: one MCP endpoint for every project of this user on this
// machine. The hub is a cluster node with no processes of its own whose
// peers are the user's daemons, found through their runtime files
// (main/daemon/hub/discovery.hpp) and linked over unix sockets
// (main/daemon/cluster/unix_transport.hpp) by the same CLUSTER VIEW and
// CLUSTER LINKs a monitor uses; each project is a node named after its
// folder. It serves MCP on <runtime dir>/hub.sock (`hummel mcp --hub`) and
// on HTTP, and prints a line whenever a project's summary changes.

#include "main/daemon/daemon.hpp"

namespace hummel {

/// Runs the hub until SIGINT or SIGTERM; the process exit code.
int run_hub(const daemon_options& opts);

} // namespace hummel
