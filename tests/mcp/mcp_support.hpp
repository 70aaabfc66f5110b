#pragma once

// Test support for the MCP engine: a fake backend that records calls and
// answers them at once or when told, and a harness that feeds messages to
// an engine and collects what it emits.

#include "mcp/backend.hpp"
#include "mcp/engine.hpp"
#include "mcp/tools.hpp"
#include "tests/support/tool_table.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mcp_test {

using nlohmann::json;
namespace mcp = hummel::mcp;

/// A conforming status object (see mcp/tools.cpp).
inline json status_json(const std::string& name) {
  return {{"name", name},
          {"kind", "service"},
          {"command", "node server.js"},
          {"run_id", 2},
          {"status", "running"},
          {"pid", 4242},
          {"exit_code", nullptr},
          {"signal", nullptr},
          {"start_time", "2026-11-26T10:00:00.000Z"},
          {"end_time", nullptr},
          {"uptime_ms", 1500},
          {"restarts", 1},
          {"ready", true},
          {"cpu_percent", 0.5},
          {"rss_bytes", 1048576},
          {"urls", json::array({"http://localhost:3000"})},
          {"error", nullptr}};
}

/// A conforming log line.
inline json line_json(uint64_t seq, const std::string& text,
                      const std::string& stream = "stdout") {
  return {{"seq", seq},       {"time", "2026-11-26T10:00:01.000Z"},
          {"stream", stream}, {"run_id", 2},
          {"process", "web"}, {"text", text}};
}

/// Records every call; answers from `results`/`errors` at once, else keeps
/// the call pending for the test to complete. The handlers of
/// `test_tools()` forward every call to `call_tool`.
struct fake_backend : mcp::backend {
  struct call {
    std::string name;
    json args;
    mcp::call_origin origin;
    mcp::tool_progress progress;
    mcp::tool_done done;
    bool cancelled = false;
  };

  std::vector<std::shared_ptr<call>> calls;
  std::map<std::string, json> results;
  std::map<std::string, std::string> errors;
  std::map<std::string, resource_text> resources;
  std::vector<std::string> names{"api", "web", "worker"};
  /// When set, call_tool returns no canceller.
  bool no_canceller = false;

  virtual mcp::cancel_fn call_tool(const std::string& name, const json& args,
                                   const mcp::call_origin& origin,
                                   mcp::tool_progress progress,
                                   mcp::tool_done done) {
    auto c = std::make_shared<call>(
      call{name, args, origin, std::move(progress), std::move(done)});
    calls.push_back(c);
    if (auto i = results.find(name); i != results.end())
      c->done(mcp::tool_outcome{std::make_shared<json>(i->second), {}});
    else if (auto e = errors.find(name); e != errors.end())
      c->done(mcp::tool_outcome{nullptr, e->second});
    if (no_canceller)
      return {};
    return [c] { c->cancelled = true; };
  }

  std::optional<resource_text> read_resource(const std::string& uri) override {
    if (auto i = resources.find(uri); i != resources.end())
      return i->second;
    return std::nullopt;
  }

  uint64_t view_version() override {
    return 7;
  }

  std::vector<std::string> process_names() override {
    return names;
  }
};

/// The real tool definitions, each forwarding to a fake_backend.
inline mcp::tool_table test_tools() {
  return hummel::test::forwarding_table<fake_backend>();
}

/// An engine configuration for `transport` with the test tools.
inline mcp::engine_config config(mcp::transport_kind transport
                                 = mcp::transport_kind::stdio,
                                 bool allow_commands = false) {
  mcp::engine_config cfg;
  cfg.transport = transport;
  cfg.allow_commands = allow_commands;
  cfg.tools = test_tools();
  return cfg;
}

/// Collects the outputs of one exchange or stream.
struct sink {
  std::vector<mcp::output> outs;

  mcp::output_fn fn() {
    return [this](mcp::output o) { outs.push_back(std::move(o)); };
  }

  json msg(size_t i) const {
    return json::parse(outs.at(i).json);
  }

  const mcp::output& last() const {
    return outs.back();
  }
};

/// An engine over a fake backend.
struct harness {
  fake_backend be;
  mcp::engine eng;

  /// `cfg` without tools gets the test tools.
  explicit harness(mcp::engine_config cfg = config())
    : eng(be, with_tools(std::move(cfg))) {
  }

  static mcp::engine_config with_tools(mcp::engine_config cfg) {
    if (cfg.tools.empty())
      cfg.tools = test_tools();
    return cfg;
  }

  /// Sends `text`; returns everything emitted for it so far.
  sink send(std::string_view text, const mcp::http_headers* h = nullptr) {
    sink s;
    eng.handle(text, s.fn(), h);
    return s;
  }

  /// Sends `msg` expecting one immediate final response; returns it parsed.
  json rpc(const json& msg, const mcp::http_headers* h = nullptr) {
    auto s = send(msg.dump(), h);
    if (s.outs.empty() || s.last().kind != mcp::output_kind::response)
      return json{{"no_response", true}};
    return s.msg(s.outs.size() - 1);
  }

  /// The status of the only output of sending `msg`.
  int status(const json& msg, const mcp::http_headers* h = nullptr) {
    auto s = send(msg.dump(), h);
    return s.outs.size() == 1 ? s.last().http_status : -1;
  }

  /// A legacy handshake.
  json init(const std::string& version = "2025-11-25") {
    auto r = rpc({{"jsonrpc", "2.0"},
                  {"id", 0},
                  {"method", "initialize"},
                  {"params",
                   {{"protocolVersion", version},
                    {"capabilities", json::object()},
                    {"clientInfo", {{"name", "test"}, {"version", "0"}}}}}});
    send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    return r;
  }
};

/// Equal as trees, number types included (json's == takes 1 and 1u as
/// equal) and objects in the same key order: what quick_parse must build.
inline bool same_tree(const json& a, const json& b) {
  if (a.type() != b.type() || a.size() != b.size())
    return false;
  if (a.is_object()) {
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
      if (i.key() != j.key() || !same_tree(*i, *j))
        return false;
    return true;
  }
  if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i)
      if (!same_tree(a[i], b[i]))
        return false;
    return true;
  }
  return a == b;
}

/// A request object.
inline json req(json id, const std::string& method,
                json params = json::object()) {
  return {{"jsonrpc", "2.0"},
          {"id", std::move(id)},
          {"method", method},
          {"params", std::move(params)}};
}

/// The modern `_meta` block.
inline json modern_meta(const std::string& version = "2026-07-28") {
  return {{"io.modelcontextprotocol/protocolVersion", version},
          {"io.modelcontextprotocol/clientCapabilities", json::object()},
          {"io.modelcontextprotocol/clientInfo",
           {{"name", "test"}, {"version", "0"}}}};
}

/// A modern request: `params` plus the modern `_meta`.
inline json modern_req(json id, const std::string& method,
                       json params = json::object()) {
  params["_meta"] = modern_meta();
  return req(std::move(id), method, std::move(params));
}

/// HTTP headers mirroring a modern request.
inline mcp::http_headers headers_for(const json& msg) {
  mcp::http_headers h;
  h.protocol_version = "2026-07-28";
  h.method = msg["method"].get<std::string>();
  const auto& p = msg["params"];
  if (p.contains("name") && p["name"].is_string())
    h.name = p["name"].get<std::string>();
  else if (p.contains("uri") && p["uri"].is_string())
    h.name = p["uri"].get<std::string>();
  return h;
}

/// A tools/call request.
inline json tool_call(json id, const std::string& tool, json args) {
  return req(std::move(id), "tools/call",
             {{"name", tool}, {"arguments", std::move(args)}});
}

} // namespace mcp_test
