// The stateless era (2026-07-28): header checks (HTTP), version and `_meta`
// validation, server/discover, subscriptions/listen, and 404 for removed or
// unknown methods.

#include "mcp/detail/engine_impl.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/resources.hpp"

namespace hummel::mcp {

using nlohmann::json;

namespace {

constexpr int64_t static_ttl_ms = 300000;

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

// The value of an `Mcp-Name` header: plain, or `=?base64?…?=`.
std::optional<std::string> header_value(std::string_view x) {
  constexpr std::string_view head = "=?base64?";
  constexpr std::string_view tail = "?=";
  if (x.size() < head.size() + tail.size() || x.substr(0, head.size()) != head
      || x.substr(x.size() - tail.size()) != tail)
    return std::string{x};
  x = x.substr(head.size(), x.size() - head.size() - tail.size());
  while (!x.empty() && x.back() == '=')
    x.remove_suffix(1);
  std::string result;
  uint32_t bits = 0;
  int count = 0;
  for (char c : x) {
    int v = base64_value(c);
    if (v < 0)
      return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      result += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return result;
}

std::optional<rpc_error> mismatch(std::string text) {
  return rpc_error{code::header_mismatch, "Header mismatch: " + text, nullptr,
                   400};
}

// Mcp-Method, Mcp-Name and MCP-Protocol-Version against the body.
std::optional<rpc_error> check_headers(const request& req,
                                       const http_headers* h,
                                       const json& body_version) {
  static const http_headers none;
  if (h == nullptr)
    h = &none;
  if (!h->protocol_version)
    return mismatch("MCP-Protocol-Version header missing");
  auto v = trim(*h->protocol_version);
  if (!body_version.is_string() || body_version.get<std::string>() != v)
    return mismatch("MCP-Protocol-Version header '" + std::string{v}
                    + "' does not match the body's " + dump(body_version));
  if (!h->method)
    return mismatch("Mcp-Method header missing");
  if (trim(*h->method) != req.method)
    return mismatch("Mcp-Method header '" + std::string{trim(*h->method)}
                    + "' does not match the body's '" + req.method + "'");
  const char* key = nullptr;
  if (req.method == "tools/call" || req.method == "prompts/get")
    key = "name";
  else if (req.method == "resources/read")
    key = "uri";
  if (key == nullptr)
    return std::nullopt;
  const auto& body = member(req.params, key);
  if (!body.is_string())
    return std::nullopt; // the params check answers -32602
  if (!h->name)
    return mismatch("Mcp-Name header missing");
  auto name = header_value(trim(*h->name));
  if (!name)
    return mismatch("Mcp-Name header is not valid base64");
  if (*name != body.get_ref<const std::string&>())
    return mismatch("Mcp-Name header '" + *name + "' does not match the "
                    + "body's '" + body.get<std::string>() + "'");
  return std::nullopt;
}

} // namespace

void engine::impl::modern(request& req, const http_headers* headers) {
  auto xid = req.xid;
  const auto& meta = req.params["_meta"];
  const auto& version = meta[meta::protocol_version];
  if (cfg.transport == transport_kind::http) {
    if (auto err = check_headers(req, headers, version)) {
      reply r;
      r.error = std::move(err);
      respond(xid, std::move(r));
      return;
    }
  }
  if (!version.is_string()
      || version.get_ref<const std::string&>() != modern_version) {
    auto requested
      = version.is_string() ? version.get<std::string>() : dump(version);
    respond(xid, fail(code::unsupported_version,
                      "Unsupported protocol version: " + requested, 400,
                      {{"supported", json::array({modern_version})},
                       {"requested", requested}}));
    return;
  }
  if (!member(meta, meta::client_capabilities).is_object()) {
    respond(xid, fail(code::invalid_params,
                      std::string{"Invalid params: _meta needs "}
                        + meta::client_capabilities + " (an object)",
                      400));
    return;
  }
  if (meta.contains(meta::log_level)) {
    auto parsed = parse_log_level(string_member(meta, meta::log_level));
    if (!parsed) {
      respond(xid,
              fail(code::invalid_params,
                   std::string{"Invalid params: unknown "} + meta::log_level,
                   400));
      return;
    }
    open.at(xid).level = parsed;
  }
  const auto& m = req.method;
  if (m == "server/discover") {
    reply r;
    r.result = {{"supportedVersions", json::array({modern_version})},
                {"capabilities", capabilities()},
                {"instructions", instructions()}};
    r.ttl_ms = static_ttl_ms;
    respond(xid, std::move(r));
  } else if (m == "tools/call") {
    call_tool(req);
  } else if (m == "subscriptions/listen") {
    listen(req);
  } else if (watch_method(req)) {
    // served
  } else if (auto r = common(req)) {
    respond(xid, std::move(*r));
  } else {
    respond(xid,
            fail(code::method_not_found,
                 "Method not found: " + m + " (protocol version 2026-07-28)",
                 404));
  }
}

void engine::impl::listen(request& req) {
  auto xid = req.xid;
  const auto& filter = member(req.params, "notifications");
  const auto& subs = member(filter, "resourceSubscriptions");
  bool subs_ok = subs.is_null() || subs.is_array();
  if (subs_ok && subs.is_array())
    for (const auto& u : subs)
      if (!u.is_string() || u.get_ref<const std::string&>().empty())
        subs_ok = false;
  if (!filter.is_object() || !subs_ok) {
    respond(xid, fail(code::invalid_params,
                      "Invalid params: subscriptions/listen needs "
                      "params.notifications, an object whose "
                      "resourceSubscriptions is a list of URIs"));
    return;
  }
  auto& ex = open.at(xid);
  ex.listen = true;
  json honoured = json::object();
  if (subs.is_array()) {
    for (const auto& u : subs)
      ex.uris.insert(canonical_resource_uri(u.get<std::string>()));
    honoured["resourceSubscriptions"] = subs;
  }
  // No list_changed types: tools, resources and prompts lists are static.
  emit(xid, make_notification("notifications/subscriptions/acknowledged",
                              {{"_meta", {{meta::subscription_id, req.id}}},
                               {"notifications", std::move(honoured)}}));
}

reply engine::impl::listen_result(const exchange& ex) const {
  reply r;
  r.result = {{"_meta", {{meta::subscription_id, ex.request_id}}}};
  return r;
}

} // namespace hummel::mcp
