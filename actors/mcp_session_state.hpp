#pragma once

// State of an MCP SESSION (see mcp_session.hpp). Only its handlers touch it.

#include "actors/mcp_backend.hpp"
#include "actors/mcp_watch.hpp"
#include "mcp/engine.hpp"
#include "messages/interfaces.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

namespace hummel {

struct mcp_context;

/// Everything an MCP SESSION owns.
struct mcp_session_state {
  const mcp_context* ctx = nullptr;
  /// The daemon side of the engine (declared before it: destroyed after).
  std::unique_ptr<mcp_backend> backend;
  std::unique_ptr<mcp::engine> engine;
  /// Transport key → engine exchange, for `close`.
  std::unordered_map<uint64_t, mcp::exchange_id> exchanges;
  /// Error count and newest headline per process as last seen in a delta
  /// (hummel://errors updates go out when they change).
  std::unordered_map<std::string, std::pair<uint32_t, std::string>> errors_seen;
  /// While watching: process index → name (names the removed processes of
  /// a delta; see actors/mcp_watch.hpp).
  std::unordered_map<uint32_t, std::string> watch_names;
  /// While watching the cluster: what its client holds (see
  /// actors/mcp_watch.hpp).
  cluster_watch_seen cluster_seen;
  /// A tick is scheduled.
  bool tick_pending = false;

  static inline const char* name = "mcp-session";
};

} // namespace hummel
