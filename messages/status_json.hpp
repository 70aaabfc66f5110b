#pragma once

// JSON renderings of views, snapshots and log lines, as the MCP tools and
// resources return them (the shapes are the tools' output schemas in
// lib/mcp/tools/).

#include "logs/log_record.hpp"
#include "messages/status_view.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace hummel {

/// "2026-11-26T13:40:06.123Z", or null for 0.
nlohmann::json iso_time(int64_t epoch_ms);

/// iso_time's text for `epoch_ms` > 0.
std::string iso_text(int64_t epoch_ms);

/// One process's status (scripts_status item), every field; a field
/// without a value (pid, exit_code, signal, times, error, restart_reason,
/// log_degraded) is null, never "".
nlohmann::json status_json(const process_snapshot& x, int64_t now_ms);

/// One scripts_list item.
nlohmann::json list_item_json(const process_snapshot& x);

/// One log line; `process` names its process.
nlohmann::json line_json(const log_line& x, const std::string& process);

/// The whole view: {processes:[status...], view_version, view_age_ms, node}.
nlohmann::json view_json(const status_view& v, int64_t now_ms);

} // namespace hummel
