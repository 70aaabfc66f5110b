#pragma once

// What travels between the transports (net/, stdio) and MCP SESSION actors:
// one inbound MCP message with where its outputs go.
//
// Thread safety: an mcp_channel is called from the MCP SESSION actor (any
// CAF worker thread); implementations (HTTP exchanges, socket connections,
// stdout) must be thread-safe.

#include "common/audit.hpp"
#include "mcp/engine.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace hummel {

/// Receives the outputs of one exchange, or of a session's standing stream.
class mcp_channel {
public:
  virtual ~mcp_channel() = default;

  /// One output (see the transport contract in mcp/engine.hpp).
  virtual void emit(const mcp::output& out) = 0;

  /// Bytes emitted that the client has not read yet, as far as the
  /// transport knows (0 if it cannot tell). A follow waits while it is high.
  virtual size_t unsent() const {
    return 0;
  }
};

using mcp_channel_ptr = std::shared_ptr<mcp_channel>;

/// One inbound MCP message.
struct mcp_request {
  /// The raw JSON text (a line, or an HTTP POST body).
  std::string body;
  /// HTTP only: the MCP headers of the POST.
  bool http = false;
  mcp::http_headers headers;
  /// Chosen by the transport; names the exchange in a later `close`.
  uint64_t key = 0;
  /// Where the outputs go.
  mcp_channel_ptr reply;
  /// Who sent it (for the audit record of commands).
  audit_who who;
};

} // namespace hummel
