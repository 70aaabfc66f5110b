#pragma once

// Bridges the transports (net/: HTTP exchanges, unix-socket connections) to
// MCP SESSION actors: one session per unix connection, per legacy HTTP
// session (Mcp-Session-Id), and per sessionless HTTP request (the stateless
// 2026-07-28 era, or an `initialize` that opens a session).
//
// Reads (`ping`, scripts_status, scripts_list, cluster_status,
// resources/read of the status resource) are answered on the io thread
// that parsed them, from the view cell, with no hop to a session
// (actors/mcp_tools/read_path.hpp): sessionless ones (the 2026-07-28 era)
// and those of an established session, in the version it negotiated; a
// session's read still counts as activity on it. Commands and all other
// session traffic go to the SESSION actors.
//
// Thread safety: the handlers run on the transports' io threads; the session
// table is guarded by a mutex; the read path guards its engines itself;
// everything else travels as messages.

#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/read_path.hpp"
#include "main/daemon/session_table.hpp"
#include "net/http_exchange.hpp"
#include "net/line_server.hpp"

#include <caf/fwd.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace hummel {

/// Bounds of the HTTP sessions (`[mcp] max_sessions`, `session_idle_timeout`).
struct session_limits {
  size_t max_sessions = 1000;
  std::chrono::steady_clock::duration idle_timeout = std::chrono::minutes(30);
};

/// One HTTP session of the gateway's table: its SESSION actor and the
/// protocol version its `initialize` negotiated.
struct http_session {
  mcp_session_actor actor;
  std::string version;
};

/// Streamable HTTP on /mcp: POST, GET (the session's stream), DELETE.
/// Sessions are bounded (see session_table.hpp): idle ones expire (checked
/// at each request, at most every second) and a new one beyond the cap ends
/// the one idle longest; an ended session's id gets 404.
class http_gateway : public net::http_handler {
public:
  http_gateway(caf::actor_system& sys, const mcp_context* ctx,
               bool allow_commands, session_limits limits = {});
  ~http_gateway() override;

  void handle(net::http_request req,
              std::shared_ptr<net::http_exchange> ex) override;

  /// Ends every session (daemon shutdown).
  void shutdown();

  /// Number of live HTTP sessions.
  size_t sessions() const;

  /// Requests answered on the io thread, without an MCP SESSION (reads).
  uint64_t answered_here() const noexcept;

private:
  void post(net::http_request& req, std::shared_ptr<net::http_exchange> ex);
  void stream(const std::string& id, std::shared_ptr<net::http_exchange> ex);
  /// Answers a sessionless read (or, benchmark only, the floor) on the
  /// calling io thread; false: the request goes to a SESSION.
  bool answer_here(const net::http_request& req, const mcp_request& mr,
                   const std::shared_ptr<net::http_exchange>& ex);
  mcp_session_actor spawn_session();
  /// The session `id`, counted busy until `ex` closes; null if unknown.
  std::optional<http_session> begin(const std::string& id,
                                    net::http_exchange& ex);
  /// Registers a new session; false when every session is busy.
  bool open_session(const std::string& id, http_session s);
  /// Answers a read of an established session on the calling io thread;
  /// false: the request goes to its SESSION actor.
  bool answer_session_read(const http_session& s, const mcp_request& mr,
                           const std::shared_ptr<net::http_exchange>& ex);
  /// Ends the sessions idle too long (at most once a second).
  void expire_idle();

  caf::actor_system& sys_;
  const mcp_context* ctx_;
  bool allow_commands_;
  mutable std::mutex mtx_;
  session_table<http_session> sessions_;
  std::chrono::steady_clock::time_point last_sweep_{};
  std::chrono::steady_clock::duration sweep_every_;
  /// Engines shared by sessionless (stateless 2026-07-28) requests that
  /// the read path does not answer; spawned at the first one.
  std::vector<mcp_session_actor> stateless_;
  /// shutdown() ran: no more sessions.
  bool closed_ = false;
  std::atomic<size_t> next_stateless_{0};
  std::atomic<uint64_t> next_key_{1};
  /// Sessionless reads, answered on the io threads.
  std::unique_ptr<mcp_read_path> reads_;
};

/// Newline-framed MCP on the unix socket (the CLI and `hummel mcp`). A
/// connection gets its SESSION actor at its first line that needs one; until
/// then its reads are answered on the io thread (read_path.hpp), so a
/// `hummel ps` costs no actor, no subscription to the STATUS CACHE and no
/// hop. Once a connection has a SESSION, every line of it goes there, in
/// order (a read after a command sees what the command did).
class line_gateway : public net::line_handler {
public:
  line_gateway(caf::actor_system& sys, const mcp_context* ctx);
  ~line_gateway() override;

  void on_open(std::shared_ptr<net::line_connection> conn) override;
  void on_line(const std::shared_ptr<net::line_connection>& conn,
               std::string line) override;
  void on_overlong(const std::shared_ptr<net::line_connection>& conn) override;

  /// Ends every session (daemon shutdown).
  void shutdown();

  /// Lines answered on the io thread, without an MCP SESSION (reads).
  uint64_t answered_here() const noexcept;

  /// Connections that have a SESSION actor now.
  size_t sessions() const;

private:
  /// The SESSION of `conn`, spawned if it has none yet; null when the
  /// connection is gone or the gateway shut down.
  mcp_session_actor
  session_of(const std::shared_ptr<net::line_connection>& conn);

  caf::actor_system& sys_;
  const mcp_context* ctx_;
  mutable std::mutex mtx_;
  /// Every open connection; its actor is null until its first line that
  /// the read path does not answer.
  std::unordered_map<const net::line_connection*, mcp_session_actor> sessions_;
  bool closed_ = false;
  std::unique_ptr<mcp_read_path> reads_;
};

/// A random hex string of `bytes` random bytes (tokens, session ids).
std::string random_hex(size_t bytes);

} // namespace hummel
