#pragma once

// How the hub reaches a project's own daemon for what only it can answer
// (logs, configuration): one tools/call over the daemon's MCP unix socket,
// after the handshake. Blocking; the hub runs it on a detached actor
// (actors/mcp_tools/hub_forward.cpp).
//
// Thread safety: a plain function; each call has its own connection.

#include <string>

namespace hummel {

/// Sends `call` (a JSON-RPC tools/call line with id 2) to the MCP socket
/// `socket`; the answer's line, or {"error": {"message": …}} (no answer
/// within 60 s, a closed connection, no daemon).
std::string call_project_daemon(const std::string& socket,
                                const std::string& call);

} // namespace hummel
