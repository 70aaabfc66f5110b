#pragma once

// The web dashboard on the daemon's HTTP port: the page's files at "/"
// (compiled in, see web_assets.hpp) and its one event stream, GET /events:
// the watch feed of a dedicated MCP SESSION (hummel/watch, see
// mcp/engine.hpp) as SSE, first the snapshot, then every delta, each event's
// `id:` the view version. Actions and logs are MCP tool calls on /mcp.
// `http_router` sends /mcp to the MCP gateway and the rest here, and refuses
// browser form POSTs to /mcp (cross-site request forgery).
//
// Thread safety: handlers run on the server's io threads and keep no state
// of their own; sessions are reached by message; an event stream's channel
// is called from its session actor and the exchange is thread-safe.

#include "actors/mcp_session.hpp"
#include "net/http_exchange.hpp"

#include <caf/fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hummel {

class http_gateway;

/// The dashboard's routes: "/", its files, and "/events".
class dashboard : public net::http_handler {
public:
  dashboard(caf::actor_system& sys, const mcp_context* ctx);

  void handle(net::http_request req,
              std::shared_ptr<net::http_exchange> ex) override;

  /// The paths of the page's files (served without a token: they hold no
  /// data) and of the event stream (with the MCP endpoint's checks).
  static std::vector<std::string> file_paths();
  static constexpr const char* events_path = "/events";

private:
  /// Opens the event stream: the watch feed of this node, or of the
  /// cluster (see `watch_cluster`).
  void events(std::string_view target, std::shared_ptr<net::http_exchange> ex);
  /// Whether GET `target` watches the cluster: `?node=*`, or no `node` and
  /// this daemon has peers.
  bool watch_cluster(std::string_view target) const;

  caf::actor_system& sys_;
  const mcp_context* ctx_;
};

/// Whether a POST is one a web page can send to another site without a
/// CORS preflight, i.e. a form or a no-cors fetch: it carries an Origin
/// (browsers do) and its Content-Type is absent,
/// application/x-www-form-urlencoded, multipart/form-data or text/plain.
/// MCP clients send application/json; such a POST is refused.
bool is_browser_form_post(const net::http_request& req);

/// /mcp to the MCP gateway, everything else to the dashboard.
class http_router : public net::http_handler {
public:
  http_router(http_gateway& mcp, dashboard& web) : mcp_(mcp), web_(web) {
    // nop
  }

  void handle(net::http_request req,
              std::shared_ptr<net::http_exchange> ex) override;

private:
  http_gateway& mcp_;
  dashboard& web_;
};

} // namespace hummel
