#pragma once

// The scripts_status answer for one process, written directly from its
// snapshot: no JSON tree, no map of keys, one buffer per part. The bytes
// are those of the JSON path (status_from + the tool's text summary +
// dump), which tests/actors/status_write_test.cpp checks field by field
// and for hostile strings; the read path takes it for the commonest call
// (`{"name": ...}` and nothing else) and the JSON path for every other.
//
// Thread safety: a pure function of its arguments.

#include "mcp/backend.hpp"
#include "messages/process_snapshot.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace hummel::mcp_tools {

/// Appends `s` as a JSON string literal as nlohmann's dump writes it
/// (ensure_ascii off: `"` `\` and control bytes escaped, the rest as is).
/// False, with `out` partly written, when `s` is not valid UTF-8.
bool append_json_string(std::string& out, std::string_view s);

/// scripts_status of process `x` alone on node `node` at `now_ms` (view
/// `version`, `age_ms` old): the structured content and the text content
/// as a JSON string literal, as the engine would write them. False when a
/// string the JSON path would not sanitize (name, a URL) is not valid
/// UTF-8: the caller then takes the JSON path.
bool write_one_status(const process_snapshot& x, int64_t now_ms,
                      std::string_view node, uint64_t version, int64_t age_ms,
                      mcp::rendered_result& out);

} // namespace hummel::mcp_tools
