#pragma once

// Internal to lib/mcp/tools/: the text content of each tool's results, a
// compact summary of the structured value for the model (tables like
// `hummel ps`, a few lines for commands). Every function takes the
// structured value as the tool produced it and never throws on a missing
// field. The engine strips ANSI escapes from the returned text.

#include <nlohmann/json.hpp>

#include <string>

namespace hummel::mcp::text {

/// scripts_status: a count line, then one process as `field: value` lines
/// or several as a table of the fields present.
std::string status_table(const nlohmann::json& x);

/// scripts_list: a table of the fields present.
std::string process_list(const nlohmann::json& x);

/// scripts_run, scripts_stop, scripts_restart: one status in a line or
/// two; with `wait`, the outcome and the output and stderr tails.
std::string command(const nlohmann::json& x);

/// logs_stream: one line per log line, then the cursor.
std::string log_lines(const nlohmann::json& x);

/// logs_search: a count line, then one line per match.
std::string search_matches(const nlohmann::json& x);

/// cluster_status: a table of the nodes and the propagation figures.
std::string cluster(const nlohmann::json& x);

/// "1.2 s", "3m04s", "2h05m": a duration in milliseconds.
std::string duration(int64_t ms);

} // namespace hummel::mcp::text
