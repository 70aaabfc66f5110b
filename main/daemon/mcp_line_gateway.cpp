#include "main/daemon/mcp_gateway.hpp"
#include "main/daemon/mcp_gateway_channels.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include <algorithm>

// The unix socket's side of the gateway (mcp_gateway.hpp: line_gateway).

namespace hummel {

namespace {

/// The engine of a unix-socket connection: commands allowed (the socket is
/// the user's own, 0600, peer uid checked), results not checked (as on HTTP).
mcp::engine_config line_engine_config() {
  mcp::engine_config cfg;
  cfg.transport = mcp::transport_kind::unix_socket;
  cfg.allow_commands = true;
  cfg.check_results = false;
  return cfg;
}

} // namespace

line_gateway::line_gateway(caf::actor_system& sys, const mcp_context* ctx)
  : sys_(sys), ctx_(ctx) {
  reads_ = std::make_unique<mcp_read_path>(sys_, ctx_, line_engine_config(), 2);
}

line_gateway::~line_gateway() {
  shutdown();
}

void line_gateway::shutdown() {
  std::unordered_map<const net::line_connection*, mcp_session_actor> all;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    closed_ = true;
    all.swap(sessions_);
  }
  for (auto& [conn, s] : all)
    if (s)
      caf::anon_send(s, atom::shutdown_v);
  reads_->shutdown();
}

uint64_t line_gateway::answered_here() const noexcept {
  return reads_->answered();
}

size_t line_gateway::sessions() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return static_cast<size_t>(
    std::count_if(sessions_.begin(), sessions_.end(),
                  [](const auto& kv) { return kv.second != nullptr; }));
}

void line_gateway::on_open(std::shared_ptr<net::line_connection> conn) {
  auto* key = conn.get();
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (closed_)
      return;
    sessions_.emplace(key, mcp_session_actor{});
  }
  conn->on_close([this, key] {
    mcp_session_actor s;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (auto i = sessions_.find(key); i != sessions_.end()) {
        s = i->second;
        sessions_.erase(i);
      }
    }
    if (s)
      caf::anon_send(s, atom::shutdown_v);
  });
}

mcp_session_actor
line_gateway::session_of(const std::shared_ptr<net::line_connection>& conn) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = sessions_.find(conn.get());
  if (i == sessions_.end())
    return {};
  if (!i->second) {
    i->second = sys_.spawn(mcp_session, ctx_, line_engine_config());
    caf::anon_send(
      i->second, atom::stream_v,
      mcp_channel_ptr{std::make_shared<gateway::line_channel>(conn)});
  }
  return i->second;
}

void line_gateway::on_line(const std::shared_ptr<net::line_connection>& conn,
                           std::string line) {
  bool fresh = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    auto i = sessions_.find(conn.get());
    if (i == sessions_.end())
      return;
    fresh = i->second == nullptr;
  }
  // A connection without a SESSION has no session state: its reads are
  // answered here, by a fresh engine, as its SESSION's would be. The
  // hub's reads span projects: its SESSIONs answer them.
  if (fresh && !ctx_->hub_projects && mcp_read_path::wants_session(line)
      && reads_->answer_line(line,
                             std::make_shared<gateway::line_channel>(conn)))
    return;
  auto s = session_of(conn);
  if (!s)
    return;
  mcp_request mr;
  mr.body = std::move(line);
  mr.reply = std::make_shared<gateway::line_channel>(conn);
  mr.who.transport = "unix";
  if (auto peer = conn->peer()) {
    mr.who.uid = peer->uid;
    mr.who.pid = peer->pid;
  }
  caf::anon_send(s, atom::request_v, std::move(mr));
}

void line_gateway::on_overlong(
  const std::shared_ptr<net::line_connection>& conn) {
  conn->send_line(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,)"
                  R"("message":"message larger than 4 MiB"}})");
}

} // namespace hummel
