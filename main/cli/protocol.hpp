#pragma once

// The pure parts of the CLI's conversation with the daemon: the request
// line of one tool call (stateless MCP 2026-07-28, so no handshake), the
// reading of the lines that come back, exit codes, and `--since` values.
// Plain functions; safe from any thread.

#include "net/line_client.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace hummel::cli {

/// The CLI's exit codes.
enum exit_code : int {
  exit_ok = 0,        ///< done
  exit_failed = 1,    ///< the tool said isError, or the command failed
  exit_usage = 2,     ///< bad command line
  exit_no_daemon = 3, ///< no daemon runs for the project
};

/// Builds one `tools/call` request with the modern `_meta` (protocol
/// version, empty client capabilities, client info). With
/// `progress_token`, `_meta.progressToken` is set to the request id so that
/// a following `logs_stream` reports each line as `notifications/progress`.
/// With `rows`, a listing is asked for in the compact form (mcp::meta::rows).
nlohmann::json make_tool_call(int64_t id, std::string_view tool,
                              nlohmann::json arguments, bool progress_token,
                              bool rows = false);

/// What one line from the daemon is.
enum class message_kind {
  response,     ///< has an id and a result or error
  progress,     ///< `notifications/progress`
  notification, ///< any other notification (or request)
  invalid,      ///< not a JSON object
};

/// One parsed line from the daemon.
struct incoming {
  /// What it is.
  message_kind kind = message_kind::invalid;
  /// The parsed message (null if invalid).
  nlohmann::json message;
};

/// Parses and classifies one line. Never throws.
incoming classify_line(std::string_view line);

/// The outcome of one tool call.
struct call_result {
  /// exit_ok, exit_failed or exit_no_daemon.
  int exit = exit_ok;
  /// `structuredContent` on success.
  nlohmann::json structured;
  /// Why it failed (the tool's text, the JSON-RPC error, the transport).
  std::string error;
};

/// Reads a JSON-RPC response to a `tools/call`: a result without isError
/// gives its structuredContent; `isError` gives the content text (exit 1);
/// a JSON-RPC error gives "code: message" (exit 1).
call_result parse_tool_response(nlohmann::json response);

/// The log line carried by a progress notification of `logs_stream`
/// (`params._meta["hummel/line"]`); nullopt if it carries none.
std::optional<nlohmann::json> progress_line(const nlohmann::json& message);

/// The progress token of a progress notification, if an integer.
std::optional<int64_t> progress_token(const nlohmann::json& message);

/// Maps a connection failure to an exit code: no_daemon → 3, else 1.
int exit_code_for(net::client_errc code);

/// A `--since` value: a sequence number or a point in time.
struct since_value {
  /// Set for "123".
  std::optional<uint64_t> seq;
  /// Set for a time: epoch milliseconds (UTC).
  std::optional<int64_t> time_ms;
};

/// Parses `--since`: digits are a seq; "30s", "5m", "2h", "1d" are that long
/// before `now_ms`; else an ISO 8601 time ("2026-11-26T10:00:00Z", with
/// optional ".mmm", "Z" or "±HH:MM", or no zone = UTC; "T" or " ").
/// Returns nullopt for anything else.
std::optional<since_value> parse_since(std::string_view text, int64_t now_ms);

/// Parses an ISO 8601 time as described for `parse_since`.
std::optional<int64_t> parse_time(std::string_view text);

/// Formats epoch milliseconds as "2026-11-26T10:00:00.000Z".
std::string format_time(int64_t ms);

/// Milliseconds since the epoch, now.
int64_t now_ms();

/// Watches the two byte streams of `hummel mcp` and counts the client's
/// requests that have no response yet, so that after stdin closes the
/// answers still on their way can be relayed before exiting.
class request_tracker {
public:
  /// Bytes the client sent (stdin → daemon).
  void client_bytes(std::string_view bytes);

  /// Bytes the daemon sent (daemon → stdout).
  void server_bytes(std::string_view bytes);

  /// Requests sent and not yet answered.
  size_t outstanding() const noexcept;

  /// Longer client lines are not tracked (the daemon refuses them), nor
  /// held (daemon lines: 16 times this).
  static constexpr size_t max_tracked_line = 4u << 20;

private:
  void line(std::string_view text, bool from_client);
  void scan(std::string& buf, std::string_view bytes, bool from_client);

  std::string client_buf_;
  std::string server_buf_;
  std::set<std::string> open_;
  bool skip_client_ = false;
  bool skip_server_ = false;
};

/// True when colour is wanted: `is_tty` and NO_COLOR unset or empty.
bool want_color(bool is_tty, const char* no_color);

/// `--color=WHEN`: "always" → true, "never" → false, anything else ("auto")
/// → `want_color(is_tty, no_color)`.
bool want_color(std::string_view when, bool is_tty, const char* no_color);

} // namespace hummel::cli
