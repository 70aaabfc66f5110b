#pragma once

// JSON-RPC 2.0 codec helpers of the MCP engine: reading a message (a reader
// for plain JSON, else a nesting guard before nlohmann's recursive parser),
// builders for responses and notifications, and serialization that never
// throws on invalid UTF-8. Pure functions.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace hummel::mcp {

/// Deepest nesting of arrays and objects a message may have.
inline constexpr size_t max_depth = 64;

/// The deepest nesting of `[`/`{` in `text`, ignoring string contents; stops
/// scanning once `limit` is exceeded (returns `limit + 1`). Linear, no
/// allocation, works on truncated or invalid text.
size_t nesting_depth(std::string_view text, size_t limit) noexcept;

/// How reading a message ended.
enum class parse_status { parsed, too_deep, invalid };

/// Reads one message: quick_parse, or else the nesting guard (no scan
/// past `max_depth` for nlohmann's recursive parser) and nlohmann's parse.
/// `out` is the message when parsed, a discarded value when invalid (any
/// syntax error, invalid UTF-8, number overflow). Never throws.
parse_status parse_request(std::string_view text, nlohmann::json& out);

/// Parses `text` when it is plain JSON (objects, arrays, ASCII strings
/// without escapes, integers of up to 18 digits, true, false, null),
/// building what nlohmann::json::parse builds; false, with `out`
/// unspecified, for anything else (parse_request then asks nlohmann).
bool quick_parse(std::string_view text, nlohmann::json& out);

/// Compact serialization; invalid UTF-8 becomes U+FFFD instead of throwing.
std::string dump(const nlohmann::json& value);

/// True for a valid request id: a string or an integer.
bool is_valid_id(const nlohmann::json& id) noexcept;

/// `obj[key]` when `obj` is an object holding `key`, else a null value.
const nlohmann::json& member(const nlohmann::json& obj, std::string_view key);

/// `obj[key]` when it is a string, else "".
std::string string_member(const nlohmann::json& obj, std::string_view key);

/// `{"jsonrpc":"2.0","id":id,"result":result}`.
nlohmann::json make_result(const nlohmann::json& id, nlohmann::json result);

/// `{"jsonrpc":"2.0","id":id,"error":{code,message[,data]}}`; a null `data`
/// is left out.
nlohmann::json make_error(const nlohmann::json& id, int code,
                          std::string_view message, const nlohmann::json& data);

/// `{"jsonrpc":"2.0","method":method,"params":params}`.
nlohmann::json make_notification(std::string_view method,
                                 nlohmann::json params);

} // namespace hummel::mcp
