#pragma once

// The daemon's MCP listeners: the unix socket (the CLI, `hummel mcp`) and
// Streamable HTTP, each with its gateway to MCP SESSION actors. Started
// together, stopped in reverse: servers first (no new requests), then the
// gateways (every session ends).
//
// Thread safety: start and stop on the daemon's main thread; the servers'
// io threads reach the gateways (see main/daemon/mcp_gateway.hpp).

#include "actors/mcp_session.hpp"
#include "main/daemon/daemon.hpp"

#include <caf/fwd.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace hummel {

class line_gateway;
class http_gateway;
class dashboard;
class http_router;

namespace net {
class line_server;
class http_server;
class output_budget;
} // namespace net

/// Where clients reach the daemon, once the listeners are open.
struct endpoints {
  std::filesystem::path socket;
  /// "http://host:port/mcp", or empty when HTTP is off.
  std::string url;
  /// The bearer token every HTTP client must present: the configured one,
  /// or a random one when HTTP listens beyond loopback; else empty.
  std::string token;
  /// With HTTP on loopback and no `token`: the random token that lets
  /// another local uid in (the daemon's own uid and root need none).
  std::string loopback_token;
};

/// The unix-socket and HTTP listeners with their gateways.
class mcp_listeners {
public:
  mcp_listeners(caf::actor_system& sys, const mcp_context* ctx);

  /// Calls stop().
  ~mcp_listeners();

  mcp_listeners(const mcp_listeners&) = delete;
  mcp_listeners& operator=(const mcp_listeners&) = delete;

  /// Opens the unix socket, then HTTP on `opts.http` (else `[daemon]
  /// http`; "off" for none); returns why one could not open (what was
  /// opened is closed again). A port given by flag or file must be free;
  /// the default one moves to the next free port, then an ephemeral one.
  std::optional<std::string> start(const daemon_options& opts,
                                   const project_config& config);

  /// Stops taking requests and ends every session; idempotent.
  void stop();

  const endpoints& where() const {
    return where_;
  }

private:
  std::optional<std::string> start_http(const std::string& address, bool fixed,
                                        const project_config& config);

  caf::actor_system& sys_;
  const mcp_context* ctx_;
  std::shared_ptr<net::output_budget> budget_; // shared by both servers
  std::unique_ptr<line_gateway> lines_;
  std::unique_ptr<net::line_server> unix_;
  std::unique_ptr<http_gateway> http_gw_;
  std::unique_ptr<dashboard> dashboard_;
  std::unique_ptr<http_router> router_;
  std::unique_ptr<net::http_server> http_;
  endpoints where_;
};

} // namespace hummel
