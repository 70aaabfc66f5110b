// The handshake era (2024-11-05 … 2025-11-25): initialize, ping,
// logging/setLevel, resources/subscribe and /unsubscribe, and the rule that
// a session begins with initialize.

#include "mcp/detail/engine_impl.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/resources.hpp"

namespace hummel::mcp {

using nlohmann::json;

reply engine::impl::initialize(const request& req) {
  const auto& requested = member(req.params, "protocolVersion");
  if (!requested.is_string())
    return fail(code::invalid_params,
                "Invalid params: initialize needs params.protocolVersion");
  auto v = requested.get<std::string>();
  version = is_legacy_version(v) ? v : std::string{legacy_versions.front()};
  initialized = true;
  reply r;
  r.result
    = {{"protocolVersion", version},
       {"capabilities", capabilities()},
       {"serverInfo", {{"name", server_name}, {"version", server_version}}},
       {"instructions", instructions()}};
  r.opens_session = true;
  return r;
}

void engine::impl::legacy(request& req, const http_headers* headers) {
  auto xid = req.xid;
  const auto& m = req.method;
  if (!initialized) {
    if (m == "initialize")
      respond(xid, initialize(req));
    else if (m == "ping")
      respond(xid, reply{});
    else
      respond(xid, fail(code::invalid_params,
                        "Invalid params: no session; send initialize first, or "
                        "use protocol version 2026-07-28 with "
                        "io.modelcontextprotocol/protocolVersion and "
                        "clientCapabilities in params._meta",
                        400));
    return;
  }
  if (cfg.transport == transport_kind::http && headers != nullptr
      && headers->protocol_version && m != "initialize") {
    auto v = trim(*headers->protocol_version);
    if (!is_legacy_version(v)) {
      respond(xid, fail(code::invalid_request,
                        "Invalid Request: unsupported MCP-Protocol-Version "
                        "header '"
                          + std::string{v} + "' in a " + version + " session",
                        400));
      return;
    }
  }
  open.at(xid).session_level = true;
  if (m == "initialize") {
    respond(xid,
            fail(code::invalid_request,
                 "Invalid Request: the session is already initialized", 400));
  } else if (m == "ping") {
    respond(xid, reply{});
  } else if (m == "logging/setLevel") {
    auto parsed = parse_log_level(string_member(req.params, "level"));
    if (!parsed) {
      respond(xid, fail(code::invalid_params,
                        "Invalid params: level must be one of debug, info, "
                        "notice, warning, error, critical, alert, emergency"));
      return;
    }
    level = *parsed;
    respond(xid, reply{});
  } else if (m == "resources/subscribe" || m == "resources/unsubscribe") {
    auto uri = string_member(req.params, "uri");
    if (uri.empty()) {
      respond(xid, fail(code::invalid_params,
                        "Invalid params: " + m + " needs params.uri"));
      return;
    }
    if (m == "resources/subscribe") {
      subscriptions.insert(canonical_resource_uri(uri));
    } else {
      subscriptions.erase(canonical_resource_uri(uri));
      prune_rate_state();
    }
    respond(xid, reply{});
  } else if (m == "tools/call") {
    call_tool(req);
  } else if (watch_method(req)) {
    // served
  } else if (auto r = common(req)) {
    respond(xid, std::move(*r));
  } else {
    respond(xid, fail(code::method_not_found, "Method not found: " + m));
  }
}

} // namespace hummel::mcp
