#pragma once

// The MCP protocol engine: one inbound JSON-RPC message in, outbound
// messages out, the daemon reached only through `backend`. No threads, no
// sockets, no CAF. Both protocol eras on one object: the handshake era
// (`initialize`, 2024-11-05 … 2025-11-25) and the stateless 2026-07-28 era
// (requests whose `params._meta` carries the protocol version).
//
// Thread safety: an engine is used from one thread of control at a time (the
// MCP SESSION actor). Every output callback runs on that thread, inside a
// call into the engine or inside a backend completion, which the backend also
// delivers on that thread. Output callbacks may call back into the engine.
//
// ## Exchanges and outputs (the transport contract)
//
// `handle()` takes one message (a stdio/unix line or an HTTP POST body) and
// opens an *exchange*. The exchange's `output_fn` receives zero or more
// `notification` outputs, then exactly one final output (`response`,
// `accepted` or `dropped`), unless the transport `close()`s it first. The
// final output may arrive inside `handle()` or later.
//
// Output kinds (json; http_status; what the HTTP transport does):
// - notification: one message; 200; start (or continue) an SSE stream and
//   write it as an event.
// - response: one message or a batch array; 200, 400, 404, 413 or 500; a
//   JSON body with that status, or the last SSE event, then end the reply.
// - accepted: empty; 202; 202 with no body.
// - dropped: empty; 200; end the SSE stream (or the connection).
//
// - If the first output is `response`, reply `application/json` with its
//   status. If it is a `notification`, start `text/event-stream` (status 200)
//   and send every later output as an SSE event; the final one ends it.
// - Statuses: 400 for parse errors, invalid requests, batches, requests
//   without a session or modern `_meta`, and the modern -32020/-32021/-32022
//   and missing-`_meta` -32602 errors; 404 for -32601 on modern requests;
//   413 for messages over `max_message_bytes`; 500 for internal errors; 200
//   for every other JSON-RPC error (legacy habit, accepted by all SDKs).
// - `opens_session` is set on a successful `initialize` response: mint an
//   `Mcp-Session-Id` and route that session's later messages to this engine.
// - HTTP routing: one engine per `Mcp-Session-Id`; an `initialize` without
//   a session goes to a fresh engine; other requests without a session go
//   to a sessionless engine (never sent `initialize`), which serves modern
//   requests and answers the rest 400/-32602. `notifications/cancelled`
//   does not reach modern HTTP requests: closing the stream cancels them.
// - stdio/unix: write each non-empty `json` as one line; ignore statuses.
//   Skip blank input lines (the engine answers "" with a parse error).
// - `subscriptions/listen` exchanges stay open (notifications only) until
//   `close()` (stream closed = cancel), `notifications/cancelled` or
//   `shutdown()` (which sends its final result).
// - `hummel/watch` (vendor method, both eras, not in tools/list) opens an
//   exchange that stays open: its first output is the JSON-RPC response
//   (the backend's `watch_snapshot()`), sent as a `notification` output so
//   that HTTP starts an SSE stream; then one `notifications/hummel/delta`
//   per `watch_delta()` whose version is newer than what the client holds.
//   It ends with `dropped` on `hummel/unwatch`, `close()` or `shutdown()`.
//   With `params.node = "*"` it watches the cluster view instead (the
//   backend's `watch_cluster_snapshot()`, then `watch_cluster_delta()`): a
//   stream of its own, with the cluster view's versions.

#include "mcp/backend.hpp"
#include "mcp/protocol.hpp"
#include "mcp/tool.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::mcp {

/// Settings of one engine.
struct engine_config {
  /// Selects header validation (http) and the tool-call origin.
  transport_kind transport = transport_kind::stdio;
  /// HTTP: `[mcp] allow_commands`; stdio and unix always allow ad-hoc runs.
  bool allow_commands = false;
  /// The tools this engine lists, checks and dispatches to (mcp/tool.hpp);
  /// must outlive the engine. Empty: no tools.
  tool_table tools;
  /// `instructions` of `initialize` and `server/discover`.
  std::string instructions;
  /// Minimum gap between two `notifications/resources/updated` per URI.
  std::chrono::milliseconds update_interval{250};
  /// Larger messages are refused (-32600, status 413).
  size_t max_message_bytes = 4 * 1024 * 1024;
  /// Check backend tool results against the tools' outputSchema and turn a
  /// mismatch into an `isError` result naming the field.
  bool check_results = true;
};

/// The standard MCP request headers of one HTTP POST, as received (values
/// untrimmed, absent = nullopt). Look them up case-insensitively.
struct http_headers {
  /// `MCP-Protocol-Version`.
  std::optional<std::string> protocol_version;
  /// `Mcp-Method`.
  std::optional<std::string> method;
  /// `Mcp-Name` (may use the `=?base64?…?=` form).
  std::optional<std::string> name;
};

/// The role of one output of an exchange.
enum class output_kind : uint8_t {
  notification, ///< not final: a notification tied to the exchange
  response,     ///< final: the JSON-RPC response (or batch array)
  accepted,     ///< final: nothing to answer (notification, client response)
  dropped,      ///< final: no response (the request was cancelled)
};

/// One message (or end marker) for the transport.
struct output {
  /// What this output is.
  output_kind kind = output_kind::response;
  /// The HTTP status for the reply (see the table above).
  int http_status = 200;
  /// One serialized JSON message without newline; empty unless
  /// notification or response. Always valid UTF-8.
  std::string json;
  /// Set on the response to a successful `initialize`.
  bool opens_session = false;
};

/// Receives the outputs of one exchange or of the standing stream.
using output_fn = std::function<void(output)>;

/// Names an open exchange; 0 means "already finished".
using exchange_id = uint64_t;

/// The clock of the resource-update rate limit.
using engine_clock = std::chrono::steady_clock;

/// One MCP session (or the sessionless modern endpoint).
class engine {
public:
  /// `be` must outlive the engine.
  explicit engine(backend& be, engine_config cfg = {});
  ~engine();
  engine(const engine&) = delete;
  engine& operator=(const engine&) = delete;

  /// Processes one inbound message. `headers` is required on HTTP (nullptr
  /// counts as "all absent"). Returns the open exchange, or 0 when the final
  /// output was already emitted.
  exchange_id handle(std::string_view message, output_fn out,
                     const http_headers* headers = nullptr);

  /// The transport lost the exchange's stream (HTTP response closed). Cancels
  /// the work; `out` is never called again. Unknown ids are ignored.
  void close(exchange_id id);

  /// Sets (or clears, with an empty function) the standing stream for
  /// unsolicited legacy notifications: `resources/updated` of
  /// `resources/subscribe` and `log()` messages. stdio/unix: stdout or the
  /// socket; HTTP: the session's GET stream. Only `notification` outputs.
  void set_stream(output_fn out);

  /// Processes `names` changed at `now` (empty: unknown which ones). Marks
  /// hummel://processes and hummel://processes/{name}.
  void processes_changed(const std::vector<std::string>& names,
                         engine_clock::time_point now);

  /// The set of processes changed (a reload added or removed some): an
  /// initialized session gets `notifications/resources/list_changed` on
  /// its standing stream. resources/list itself holds only
  /// hummel://processes, but the resources a client can read through the
  /// templates (hummel://processes/{name}, hummel://logs/{name}) and their
  /// completions follow the process list. No tool schema names processes,
  /// so there is no `tools/list_changed`.
  void resource_list_changed();

  /// Processes `names` wrote log lines at `now`: marks hummel://logs/{name}.
  void logs_changed(const std::vector<std::string>& names,
                    engine_clock::time_point now);

  /// Resources `uris` changed at `now`. Subscribers get at most one
  /// `notifications/resources/updated` per URI per `update_interval`; later
  /// changes wait for `on_timer()`.
  void resources_changed(const std::vector<std::string>& uris,
                         engine_clock::time_point now);

  /// When `on_timer()` must run next for delayed updates; nullopt: never.
  std::optional<engine_clock::time_point> next_deadline() const;

  /// Sends the delayed updates that are due at `now`.
  void on_timer(engine_clock::time_point now);

  /// Sends a legacy `notifications/message {level, logger, data}` on the
  /// standing stream when an initialized session's level admits `level`.
  void log(log_level level, std::string_view logger,
           const nlohmann::json& data);

  /// True while at least one `hummel/watch` exchange of the local view is
  /// open.
  bool watching() const noexcept;

  /// True while at least one `hummel/watch {"node": "*"}` exchange is open.
  bool watching_cluster() const noexcept;

  /// Sends `notifications/hummel/delta` with `params` (which carry `from`
  /// and `to`) to every open watch whose client holds a version below `to`
  /// (older deltas are skipped: its snapshot already held them). A client
  /// whose version is not `from` sees the gap and asks again.
  void watch_delta(uint64_t to, const nlohmann::json& params);

  /// The same for the cluster watches (versions of the cluster view).
  void watch_cluster_delta(uint64_t to, const nlohmann::json& params);

  /// Ends everything: listens get their final result, calls are cancelled
  /// and end `dropped`.
  void shutdown();

  /// True once `initialize` was answered (a legacy session).
  bool initialized() const noexcept;

  /// The negotiated legacy version, empty before `initialize`.
  const std::string& negotiated_version() const noexcept;

  /// Number of open exchanges (running calls and listens).
  size_t open_exchanges() const noexcept;

  /// Internal state, shared by the engine's source files.
  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

} // namespace hummel::mcp
