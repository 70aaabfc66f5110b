#include "main/daemon/listeners.hpp"

#include "common/address.hpp"
#include "common/log.hpp"
#include "main/daemon/dashboard.hpp"
#include "main/daemon/mcp_gateway.hpp"
#include "net/http_server.hpp"
#include "net/line_server.hpp"
#include "net/runtime_dir.hpp"

#include <unistd.h>

namespace hummel {

namespace {

/// The client limits of `[daemon]`; one output budget for both listeners.
net::client_limits client_limits_for(const project_config& config,
                                     std::shared_ptr<net::output_budget> b) {
  const auto& d = config.daemon;
  auto seconds = [](std::chrono::milliseconds ms) {
    return std::chrono::ceil<std::chrono::seconds>(ms);
  };
  net::client_limits l;
  l.budget = std::move(b);
  l.max_connections = d.max_connections;
  l.max_per_address = d.max_connections_per_address;
  l.header_timeout = seconds(d.header_timeout);
  return l;
}

} // namespace

mcp_listeners::mcp_listeners(caf::actor_system& sys, const mcp_context* ctx)
  : sys_(sys), ctx_(ctx) {
  // nop
}

mcp_listeners::~mcp_listeners() {
  stop();
}

std::optional<std::string> mcp_listeners::start(const daemon_options& opts,
                                                const project_config& config) {
  where_.socket = net::socket_path(config.project_id);
  budget_ = std::make_shared<net::output_budget>(config.daemon.output_budget);
  lines_ = std::make_unique<line_gateway>(sys_, ctx_);
  unix_ = std::make_unique<net::line_server>(
    where_.socket, *lines_, 4u << 20, client_limits_for(config, budget_));
  if (auto err = unix_->start()) {
    stop();
    return err;
  }
  auto address = opts.http.empty() ? config.daemon.http : opts.http;
  bool fixed = !opts.http.empty() || config.daemon.http_explicit;
  if (address != "off") {
    if (auto err = start_http(address, fixed, config)) {
      stop();
      return err;
    }
    HUMMEL_LOG_INFO(daemon, "MCP over HTTP on {}", where_.url);
  }
  HUMMEL_LOG_INFO(daemon, "MCP over the unix socket {}",
                  where_.socket.string());
  return std::nullopt;
}

std::optional<std::string>
mcp_listeners::start_http(const std::string& address, bool fixed,
                          const project_config& config) {
  auto hp = split_host_port(address);
  if (!hp)
    return "invalid HTTP address '" + address + "' (expected \"host:port\")";
  net::http_options hopts;
  hopts.address = hp->host;
  hopts.port = hp->port;
  if (!fixed) {
    // Many projects at once: the default port moves on when taken.
    hopts.port_span = 10;
    hopts.ephemeral_fallback = true;
  }
  bool loopback = is_loopback_host(hp->host);
  where_.token = config.mcp.token;
  if (!loopback) {
    if (where_.token.empty())
      where_.token = random_hex(24);
    hopts.loopback_only_hosts = false;
  }
  hopts.bearer_token = where_.token;
  if (loopback && where_.token.empty()) {
    // Only the owner on loopback: the daemon's uid (and root) are served
    // without a token, other local users need the one in the 0600 runtime
    // file (net/peer_cred.hpp finds who connects). A configured token is
    // required from everyone, as is the token beyond loopback.
    where_.loopback_token = random_hex(24);
    hopts.bearer_token = where_.loopback_token;
    hopts.owner_uid = static_cast<uint32_t>(::geteuid());
  }
  hopts.limits = client_limits_for(config, budget_);
  // Reads are answered on the io threads (mcp_tools/read_path.hpp): two
  // let them use both cores of a small machine, as the SESSION actors on
  // CAF's workers did.
  hopts.threads = 2;
  hopts.idle_timeout
    = std::chrono::ceil<std::chrono::seconds>(config.daemon.idle_timeout);
  session_limits sl;
  sl.max_sessions = config.mcp.max_sessions;
  sl.idle_timeout = config.mcp.session_idle_timeout;
  http_gw_
    = std::make_unique<http_gateway>(sys_, ctx_, config.mcp.allow_commands, sl);
  // The dashboard shares the port: its page at "/" (no data, no token
  // needed), its event stream with the checks of /mcp.
  dashboard_ = std::make_unique<dashboard>(sys_, ctx_);
  router_ = std::make_unique<http_router>(*http_gw_, *dashboard_);
  hopts.extra_paths = {dashboard::events_path};
  hopts.public_paths = dashboard::file_paths();
  http_ = std::make_unique<net::http_server>(hopts, *router_);
  if (auto err = http_->start())
    return err;
  where_.url = "http://" + join_host_port(hp->host, http_->port()) + "/mcp";
  HUMMEL_LOG_INFO(daemon, "dashboard on http://{}/",
                  join_host_port(hp->host, http_->port()));
  if (http_->port() != hp->port)
    HUMMEL_LOG_INFO(daemon, "port {} is taken (another project?); using {}",
                    hp->port, http_->port());
  return std::nullopt;
}

void mcp_listeners::stop() {
  if (http_)
    http_->stop();
  if (unix_)
    unix_->stop();
  if (http_gw_)
    http_gw_->shutdown();
  if (lines_)
    lines_->shutdown();
  http_.reset();
  unix_.reset();
  router_.reset();
  dashboard_.reset();
  http_gw_.reset();
  lines_.reset();
}

} // namespace hummel
