#include "main/daemon/dashboard.hpp"

#include "main/daemon/mcp_gateway.hpp"
#include "main/daemon/web_assets.hpp"
#include "net/http_checks.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace hummel {

namespace {

/// How long a browser waits before it reconnects a lost event stream.
constexpr int reconnect_ms = 1000;

/// The headers of every page file: no framing, no sniffing, nothing loaded
/// from elsewhere, no inline script.
net::http_headers file_headers(std::string_view mime) {
  return {{"Content-Type", std::string{mime}},
          {"Cache-Control", "no-cache"},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"},
          {"Content-Security-Policy",
           "default-src 'none'; script-src 'self'; style-src 'self'; "
           "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
           "form-action 'none'; frame-ancestors 'none'"}};
}

/// The outputs of one `hummel/watch` exchange as SSE events: data = the
/// JSON-RPC message, id = the view version it brings the page to.
class events_channel : public mcp_channel {
public:
  explicit events_channel(std::shared_ptr<net::http_exchange> ex)
    : ex_(std::move(ex)) {
    // nop
  }

  void emit(const mcp::output& out) override {
    if (out.kind != mcp::output_kind::notification) {
      if (!out.json.empty()) // an error answer instead of the snapshot
        ex_->send_event(out.json);
      ex_->end_stream();
      return;
    }
    auto msg = nlohmann::json::parse(out.json, nullptr, false);
    uint64_t version = 0;
    if (msg.is_object()) {
      if (auto r = msg.find("result"); r != msg.end() && r->is_object())
        version = r->value("version", uint64_t{0});
      else if (auto p = msg.find("params"); p != msg.end() && p->is_object())
        version = p->value("to", uint64_t{0});
    }
    ex_->send_event(out.json, std::to_string(version),
                    first_ ? std::optional<int>{reconnect_ms} : std::nullopt);
    first_ = false;
  }

private:
  std::shared_ptr<net::http_exchange> ex_;
  bool first_ = true; // only the session's actor calls emit
};

std::string lowered(std::string_view x) {
  std::string out{x};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

} // namespace

bool is_browser_form_post(const net::http_request& req) {
  if (req.method != "POST" || req.header("origin") == nullptr)
    return false;
  const auto* ct = req.header("content-type");
  if (ct == nullptr)
    return true;
  auto type = lowered(*ct);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t'))
    type.pop_back();
  return type == "application/x-www-form-urlencoded"
         || type == "multipart/form-data" || type == "text/plain";
}

dashboard::dashboard(caf::actor_system& sys, const mcp_context* ctx)
  : sys_(sys), ctx_(ctx) {
  // nop
}

std::vector<std::string> dashboard::file_paths() {
  std::vector<std::string> out;
  for (const auto& a : web::assets())
    out.emplace_back(a.path);
  return out;
}

void dashboard::handle(net::http_request req,
                       std::shared_ptr<net::http_exchange> ex) {
  bool get = req.method == "GET" || req.method == "HEAD";
  if (net::path_matches(req.target, events_path)) {
    if (req.method != "GET")
      return ex->respond(405, {{"Allow", "GET"}}, {});
    return events(req.target, std::move(ex));
  }
  for (const auto& a : web::assets()) {
    if (!net::path_matches(req.target, a.path))
      continue;
    if (!get)
      return ex->respond(405, {{"Allow", "GET, HEAD"}}, {});
    return ex->respond(200, file_headers(a.mime_type), std::string{a.body});
  }
  ex->respond(404, {{"Content-Type", "text/plain"}}, "not found\n");
}

bool dashboard::watch_cluster(std::string_view target) const {
  // ?node=* (or %2A) asks for the cluster, ?node=local for this node;
  // without it, a daemon with peers shows its cluster.
  auto q = target.find('?');
  auto query
    = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  for (size_t at = 0; at <= query.size();) {
    auto end = std::min(query.find('&', at), query.size());
    auto pair = query.substr(at, end - at);
    if (pair == "node=*" || pair == "node=%2A" || pair == "node=%2a")
      return true;
    if (pair.starts_with("node="))
      return false;
    at = end + 1;
  }
  if (ctx_->cluster_cell == nullptr)
    return false;
  if (ctx_->hub_projects)
    return true; // the hub's page is its projects
  return ctx_->cluster_cell->with(
    [](const cluster_view& v) { return v.nodes.size() > 1; });
}

void dashboard::events(std::string_view target,
                       std::shared_ptr<net::http_exchange> ex) {
  bool cluster = watch_cluster(target);
  mcp::engine_config cfg;
  cfg.transport = mcp::transport_kind::http;
  cfg.check_results = false;
  auto s = sys_.spawn(mcp_session, ctx_, std::move(cfg));
  ex->start_stream(
    200, {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}});
  mcp_request mr;
  mr.http = true;
  mr.headers.protocol_version = "2026-07-28";
  mr.headers.method = "hummel/watch";
  nlohmann::json meta{
    {"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
    {"io.modelcontextprotocol/clientCapabilities", nlohmann::json::object()},
    {"io.modelcontextprotocol/clientInfo",
     {{"name", "hummel-dashboard"}, {"version", "1"}}}};
  nlohmann::json params{{"_meta", std::move(meta)}};
  if (cluster)
    params["node"] = "*";
  mr.body = nlohmann::json{{"jsonrpc", "2.0"},
                           {"id", 1},
                           {"method", "hummel/watch"},
                           {"params", std::move(params)}}
              .dump();
  mr.reply = std::make_shared<events_channel>(ex);
  mr.who.transport = "http";
  // The session lives as long as the stream (also at daemon stop: the
  // server closes every stream).
  ex->on_close([s] { caf::anon_send(s, atom::shutdown_v); });
  caf::anon_send(s, atom::request_v, std::move(mr));
}

void http_router::handle(net::http_request req,
                         std::shared_ptr<net::http_exchange> ex) {
  if (!net::path_matches(req.target, "/mcp"))
    return web_.handle(std::move(req), std::move(ex));
  if (is_browser_form_post(req))
    return ex->respond(403, {{"Content-Type", "application/json"}},
                       net::json_rpc_error_body(
                         "forbidden: a browser form POST is not an MCP "
                         "request (send Content-Type: application/json)"));
  mcp_.handle(std::move(req), std::move(ex));
}

} // namespace hummel
