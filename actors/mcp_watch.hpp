#pragma once

// The daemon side of the watch feed (`hummel/watch`, see mcp/engine.hpp):
// the delta notification's params, built from a STATUS CACHE delta.
//
// Thread safety: used only by the MCP SESSION actor that owns `st`.

#include "messages/status_delta.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace hummel {

struct mcp_session_state;

/// The params of `notifications/hummel/delta` for `d`: {from, to, time_ms,
/// changed:[status item...], removed:[name...], list_changed}. Keeps the
/// session's index → name table (seeded by the watch snapshot) current, to
/// name the removed processes.
nlohmann::json watch_delta_params(mcp_session_state& st, const status_delta& d,
                                  int64_t now_ms);

} // namespace hummel
