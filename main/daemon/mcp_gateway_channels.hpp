#pragma once

// The channels of the MCP gateways (mcp_gateway.hpp): where an engine's
// outputs go on each transport.
//
// Thread safety: `emit` may be called from any thread (an MCP SESSION's
// worker, or an io thread on the read path); http_channel serializes its
// outputs with a mutex; the exchanges and connections are thread-safe.

#include "messages/mcp_channel.hpp"
#include "net/http_exchange.hpp"
#include "net/line_server.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace hummel {

std::string random_hex(size_t bytes);

namespace gateway {

/// The replies of one HTTP POST: JSON, or an SSE stream once a
/// notification comes first (see the contract in mcp/engine.hpp).
class http_channel : public mcp_channel {
public:
  /// Opens a session: its new id and the `initialize` answer; false when
  /// no session can be added.
  using session_fn
    = std::function<bool(const std::string& id, std::string_view answer)>;

  http_channel(std::shared_ptr<net::http_exchange> ex, session_fn on_session)
    : ex_(std::move(ex)), on_session_(std::move(on_session)) {
    // nop
  }

  void emit(const mcp::output& out) override {
    std::lock_guard<std::mutex> guard{mtx_};
    switch (out.kind) {
    case mcp::output_kind::notification:
      if (!streaming_) {
        streaming_ = true;
        ex_->start_stream(200, {{"Cache-Control", "no-cache"}});
      }
      ex_->send_event(out.json);
      break;
    case mcp::output_kind::response:
      if (streaming_) {
        ex_->send_event(out.json);
        ex_->end_stream();
      } else {
        net::http_headers headers{{"Content-Type", "application/json"}};
        if (out.opens_session) {
          auto id = random_hex(16);
          if (!on_session_(id, out.json)) {
            ex_->respond(
              503, {{"Content-Type", "application/json"}, {"Retry-After", "5"}},
              R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,)"
              R"("message":"too many sessions, all busy"}})");
            break;
          }
          headers.emplace_back("Mcp-Session-Id", id);
        }
        ex_->respond(out.http_status, std::move(headers), out.json);
      }
      break;
    case mcp::output_kind::accepted:
      if (streaming_)
        ex_->end_stream();
      else
        ex_->respond(202, {}, {});
      break;
    case mcp::output_kind::dropped:
      if (streaming_)
        ex_->end_stream();
      else
        ex_->respond(204, {}, {});
      break;
    }
  }

  size_t unsent() const override {
    return ex_->unsent();
  }

private:
  std::mutex mtx_;
  std::shared_ptr<net::http_exchange> ex_;
  session_fn on_session_;
  bool streaming_ = false;
};

/// The `session_fn` of a channel that must never open a session.
inline bool no_session(const std::string&, std::string_view) {
  return false;
}

/// A session's GET stream: notifications as SSE events.
class sse_channel : public mcp_channel {
public:
  explicit sse_channel(std::shared_ptr<net::http_exchange> ex)
    : ex_(std::move(ex)) {
    // nop
  }

  void emit(const mcp::output& out) override {
    if (!out.json.empty())
      ex_->send_event(out.json);
  }

  size_t unsent() const override {
    return ex_->unsent();
  }

private:
  std::shared_ptr<net::http_exchange> ex_;
};

/// Replies on a unix-socket connection: one line per message.
class line_channel : public mcp_channel {
public:
  explicit line_channel(std::shared_ptr<net::line_connection> conn)
    : conn_(std::move(conn)) {
    // nop
  }

  void emit(const mcp::output& out) override {
    if (out.json.empty())
      return;
    // Room for the newline send_line adds: a copy of exactly the line's
    // size grew again for it, copying a listing of thousands (megabytes)
    // a second time into fresh pages.
    std::string line;
    line.reserve(out.json.size() + 1);
    line.append(out.json);
    conn_->send_line(std::move(line));
  }

  /// A log follow on the socket (`hummel logs -f`) waits while its reader
  /// lags, as on HTTP, instead of queueing batches it cannot take.
  size_t unsent() const override {
    return conn_->unsent();
  }

private:
  std::shared_ptr<net::line_connection> conn_;
};

} // namespace gateway

} // namespace hummel
