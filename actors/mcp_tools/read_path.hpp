#pragma once

// The read path without a hop: read-only MCP calls answered where the
// request is parsed, on the transport's io thread, from the view cell, with
// no message to an MCP SESSION: sessionless HTTP requests (the stateless
// 2026-07-28 era), the reads of an established HTTP session of the
// handshake era (answered by an engine initialized in the version that
// session negotiated: a read changes no session state, so the answer is the
// one its SESSION would give), and the reads on a unix-socket connection
// that has not needed a SESSION yet (the CLI's `hummel ps`). The calls: `ping`,
// `tools/call` of scripts_status, scripts_list and cluster_status, and
// `resources/read` of hummel://processes and hummel://processes/{name}.
// Everything else (and a read that names another node) still goes to a SESSION
// actor.
//
// Each answer runs a full protocol engine (mcp/engine.hpp) with the
// daemon's tool definitions, so every check is the same as on a session
// (headers against the body, `_meta`, the era rules, argument validation):
// the same request gets the same bytes, whichever way it went. Only the
// handlers differ: they read the cell on the calling thread.
//
// `--read-path messages` keeps its meaning: scripts_status then asks the
// STATUS CACHE by message, from a small asker actor, and the cache's reply
// completes the exchange (the io thread never waits).
//
// Thread safety: `answer` may be called from any number of threads. The
// engines are guarded by one mutex each (an engine is used by one thread at
// a time: the io thread that answers, or the asker's worker completing a
// messages-mode answer). The view cell is read with its wait-free reader.

#include "mcp/engine.hpp"
#include "messages/interfaces.hpp"
#include "messages/mcp_channel.hpp"

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include <cstdint>
#include <memory>
#include <string_view>

namespace hummel {

struct mcp_context;

/// Answers read-only calls on the calling thread (see above).
class mcp_read_path {
public:
  /// `cfg` as for the SESSION engines (its tools are replaced); `engines`
  /// engines are shared by the threads that call `answer`.
  mcp_read_path(caf::actor_system& sys, const mcp_context* ctx,
                mcp::engine_config cfg, size_t engines = 4);
  ~mcp_read_path();

  mcp_read_path(const mcp_read_path&) = delete;
  mcp_read_path& operator=(const mcp_read_path&) = delete;

  /// Whether the headers of a sessionless POST name a call served here. It
  /// looks at the headers only (a body that disagrees gets the engine's
  /// header-mismatch error, as on a session).
  static bool wants(const mcp::http_headers& h);

  /// Whether the body of a session's POST is a call served here: one
  /// request (not a batch, not a notification) of one of the calls above.
  /// Parses the body.
  static bool wants_session(std::string_view body);

  /// Answers the message `body` through `reply`: now, or (messages mode)
  /// once the STATUS CACHE answers. Returns false when nothing was sent and
  /// the request must go to an MCP SESSION (a read of another node).
  bool answer(std::string_view body, const mcp::http_headers& h,
              const mcp_channel_ptr& reply);

  /// As `answer`, for a session that negotiated `version` (one of
  /// mcp::legacy_versions; any other: false, nothing sent). Only for a body
  /// `wants_session` accepts.
  bool answer_session(std::string_view version, std::string_view body,
                      const mcp::http_headers& h, const mcp_channel_ptr& reply);

  /// As `answer`, for a line of the unix socket whose connection has no
  /// SESSION yet (so no session state: its engine is a fresh one, as the
  /// sessionless engines are). Only for a body `wants_session` accepts;
  /// the read path must be made with `transport_kind::unix_socket`.
  bool answer_line(std::string_view body, const mcp_channel_ptr& reply);

  /// The sessionless engine the calling thread uses: threads are numbered
  /// in the order they first ask, so the server's io threads never share
  /// one (and never wait for each other's engine mutex).
  size_t engine_of_this_thread() const noexcept;

  /// Requests answered here so far.
  uint64_t answered() const noexcept;

  /// Stops the asker actor (daemon shutdown). Idempotent.
  void shutdown();

  struct core;

private:
  std::shared_ptr<core> core_;
  caf::actor asker_;
};

} // namespace hummel
