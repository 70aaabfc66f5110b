#pragma once

// Protocol constants of the MCP engine: versions, server identity, error
// codes, `_meta` keys and log levels. Plain values; safe from any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hummel::mcp {

// -- identity and versions ----------------------------------------------------

/// `serverInfo.name` in every era.
inline constexpr std::string_view server_name = "hummel";

/// `serverInfo.version`.
inline constexpr std::string_view server_version = "0.1.0";

/// The stateless revision served to requests carrying modern `_meta`.
inline constexpr std::string_view modern_version = "2026-07-28";

/// Handshake-era versions `initialize` accepts, newest first; the first is
/// the answer to an unknown requested version.
inline constexpr std::array<std::string_view, 4> legacy_versions
  = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};

/// The only legacy version whose sessions accept JSON-RPC batches.
inline constexpr std::string_view batch_version = "2025-03-26";

/// True for one of `legacy_versions`.
bool is_legacy_version(std::string_view v) noexcept;

// -- JSON-RPC and MCP error codes ---------------------------------------------

/// Error codes used on the wire.
namespace code {
/// Invalid JSON.
inline constexpr int parse_error = -32700;
/// Not a valid JSON-RPC request object (also: too large, too deep, batch).
inline constexpr int invalid_request = -32600;
/// Unknown or (in this era) removed method.
inline constexpr int method_not_found = -32601;
/// Bad params, unknown tool or prompt, unknown resource, missing `_meta`.
inline constexpr int invalid_params = -32602;
/// A fault of the server.
inline constexpr int internal_error = -32603;
/// 2026-07-28: HTTP headers missing or not matching the body.
inline constexpr int header_mismatch = -32020;
/// 2026-07-28: the request needs a client capability it did not declare.
inline constexpr int missing_capability = -32021;
/// 2026-07-28: protocol version not supported.
inline constexpr int unsupported_version = -32022;
} // namespace code

// -- _meta keys ---------------------------------------------------------------

/// Keys of the modern per-request `_meta`.
namespace meta {
inline constexpr const char* protocol_version
  = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* client_capabilities
  = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* client_info = "io.modelcontextprotocol/clientInfo";
inline constexpr const char* log_level = "io.modelcontextprotocol/logLevel";
inline constexpr const char* server_info = "io.modelcontextprotocol/serverInfo";
inline constexpr const char* subscription_id
  = "io.modelcontextprotocol/subscriptionId";
/// A log line attached to a progress notification of `logs_stream`.
inline constexpr const char* log_line = "hummel/line";
/// A `tools/call` request's `_meta` key: true asks for only the first line
/// of a successful result's text content (its summary). For clients that
/// read `structuredContent` (the CLI): the text of a listing of thousands
/// is a table of megabytes.
inline constexpr const char* brief_text = "hummel/briefText";
/// A `tools/call` request's `_meta` key: true asks a listing for hummel's
/// compact form, when the server can write it: `columns` once, then `rows`
/// of values in that order, in place of `processes` (an object per item,
/// its keys repeated: two thirds of the bytes of a listing of thousands).
/// Outside the tool's outputSchema, so only for hummel's own CLI; a result
/// may still come in the usual form.
inline constexpr const char* rows = "hummel/rows";
} // namespace meta

// -- logging ------------------------------------------------------------------

/// Syslog severities of `notifications/message`, least severe first.
enum class log_level : uint8_t {
  debug,
  info,
  notice,
  warning,
  error,
  critical,
  alert,
  emergency,
};

/// Parses "debug" … "emergency"; nullopt for anything else.
std::optional<log_level> parse_log_level(std::string_view x) noexcept;

/// "debug" … "emergency".
std::string_view to_string(log_level x) noexcept;

} // namespace hummel::mcp
