#pragma once

// Internal to mcp/: the state of one engine, shared by engine.cpp (intake,
// exchanges, batches), legacy.cpp, modern.cpp, methods.cpp, calls.cpp and
// notify.cpp. Nothing outside mcp/ includes this header.
//
// Thread safety: as the engine — one thread of control at a time.

#include "mcp/engine.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace hummel::mcp {

/// `x` without leading and trailing spaces and tabs (HTTP header values).
inline std::string_view trim(std::string_view x) {
  while (!x.empty() && (x.front() == ' ' || x.front() == '\t'))
    x.remove_prefix(1);
  while (!x.empty() && (x.back() == ' ' || x.back() == '\t'))
    x.remove_suffix(1);
  return x;
}

/// A JSON-RPC error answer with its HTTP status hint.
struct rpc_error {
  int code = code::internal_error;
  std::string message;
  nlohmann::json data;
  int status = 200;
};

/// The answer of a synchronous method handler.
struct reply {
  /// The result object (ignored when `error` is set).
  nlohmann::json result = nlohmann::json::object();
  /// Set when the request failed.
  std::optional<rpc_error> error;
  /// Modern era: `ttlMs` when >= 0 (a cacheable result).
  int64_t ttl_ms = -1;
  /// Modern era: `cacheScope` "public" (else "private").
  bool public_cache = true;
  /// Legacy `initialize` succeeded.
  bool opens_session = false;
  /// A tool result already serialized (replaces `result`; never in a
  /// batch): see tool_outcome::rendered.
  std::shared_ptr<const rendered_result> rendered;
};

/// A reply carrying an error.
reply fail(int code, std::string message, int status = 200,
           nlohmann::json data = nullptr);

/// One parsed request (a message with `method` and a valid `id`).
struct request {
  nlohmann::json id;
  std::string method;
  /// Always an object (empty when the message had no params); set by
  /// engine::impl::message.
  nlohmann::json params;
  /// Served statelessly (params._meta carries a protocol version).
  bool modern = false;
  /// The exchange answering this request.
  exchange_id xid = 0;
};

/// An open exchange: a request being answered, a listen, or a batch.
struct exchange {
  output_fn out;
  nlohmann::json request_id;
  bool modern = false;
  /// A `subscriptions/listen` stream; `uris` are its resource filter.
  bool listen = false;
  std::set<std::string> uris;
  /// A `hummel/watch` stream; `watch_version` is the last view version
  /// its client holds (snapshot or delta).
  bool watch = false;
  uint64_t watch_version = 0;
  /// The watch is of the cluster view (`"node": "*"`), not the local one.
  bool watch_cluster = false;
  /// The batch this message belongs to (0: none).
  exchange_id parent = 0;
  /// A batch: children still open, responses collected so far.
  bool batch = false;
  size_t remaining = 0;
  nlohmann::json responses = nlohmann::json::array();
  /// A running tool call.
  cancel_fn cancel;
  nlohmann::json progress_token;
  uint64_t last_progress = 0;
  /// notifications/message threshold: the session's level (legacy), the
  /// request's `_meta` logLevel (modern), or none.
  bool session_level = false;
  std::optional<log_level> level;
  /// A tool call whose `_meta` asked for the text's first line only.
  bool brief_text = false;
  /// A tool call whose `_meta` asked for compact rows (meta::rows): its
  /// rendered result goes out as written, unchecked against outputSchema.
  bool rows = false;
};

struct engine::impl {
  impl(backend& b, engine_config c);
  ~impl();

  backend& be;
  engine_config cfg;
  /// Weak handles for backend callbacks; expires with the engine.
  std::shared_ptr<impl*> self;
  exchange_id next_id = 1;
  std::map<exchange_id, exchange> open;

  /// The `tools/list` array of `cfg.tools`, built on first use; and the
  /// one without outputSchema for sessions before 2025-06-18.
  std::optional<nlohmann::json> tools_list;
  std::optional<nlohmann::json> tools_list_plain;

  // -- legacy session ---------------------------------------------------------
  std::string version;
  bool initialized = false;
  log_level level = log_level::info;
  std::set<std::string> subscriptions;
  output_fn stream;

  // -- resources/updated rate limit -------------------------------------------
  std::map<std::string, engine_clock::time_point> last_sent;
  std::set<std::string> pending;

  // -- engine.cpp: intake and exchanges ---------------------------------------
  exchange_id intake(std::string_view text, output_fn out,
                     const http_headers* headers);
  void abort_exchange(exchange_id xid, std::string text);
  /// Answers one message; its params are moved into the request, not
  /// copied (a deep copy of the tree was 16 of the 82 allocations of a
  /// scripts_status call): `msg` is left without them.
  void message(exchange_id xid, nlohmann::json& msg,
               const http_headers* headers);
  void batch(exchange_id xid, nlohmann::json& msgs);
  void finish(exchange_id xid, output out);
  void emit(exchange_id xid, const nlohmann::json& notification);
  void respond(exchange_id xid, reply r);
  /// The response to `ex` carrying the already serialized result `r`.
  std::string rendered_message(const exchange& ex,
                               const rendered_result& r) const;
  void close(exchange_id xid);
  void cancel_request(const nlohmann::json& request_id);
  void shutdown();

  // -- legacy.cpp
  // ---------------------------------------------------------------
  void legacy(request& req, const http_headers* headers);
  reply initialize(const request& req);

  // -- modern.cpp
  // ---------------------------------------------------------------
  void modern(request& req, const http_headers* headers);
  void listen(request& req);
  reply listen_result(const exchange& ex) const;

  // -- methods.cpp: methods of both eras
  // ----------------------------------------
  std::optional<reply> common(request& req);
  nlohmann::json capabilities() const;
  std::string instructions() const;

  // -- calls.cpp
  // ----------------------------------------------------------------
  void call_tool(request& req);
  void on_progress(exchange_id xid, uint64_t n, const nlohmann::json& item);
  void on_done(exchange_id xid, const tool_def& def, tool_outcome o);
  /// Results of `ex` carry structuredContent (modern, or a legacy session
  /// of 2025-06-18 or later).
  bool structured_output(const exchange& ex) const;

  // -- watch.cpp: the vendor watch feed
  // -----------------------------------------
  /// Serves `hummel/watch` and `hummel/unwatch`; false for other methods.
  bool watch_method(request& req);
  void watch_delta(bool cluster, uint64_t to, const nlohmann::json& params);

  // -- notify.cpp
  // ---------------------------------------------------------------
  bool subscribed(const std::string& uri) const;
  void send_update(const std::string& uri);
  void prune_rate_state();
};

} // namespace hummel::mcp
