#pragma once

// Human output of the CLI: tidy tables from the tools' JSON results.
// Colour only when asked (a terminal without NO_COLOR).

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace hummel::cli {

struct status_row;

/// `hummel ps`: NAME STATUS READY PID UPTIME RESTARTS LAST EXIT CPU RSS URL
/// (then NODE with processes of several nodes, REASON when a process has a
/// restart_reason), from a scripts_status result.
std::string format_status_table(const nlohmann::json& status, bool color);

/// The same table from rows already read (status_rows.hpp).
std::string format_status_table(const std::vector<status_row>& rows,
                                bool color);

/// `hummel scripts`: NAME KIND RUNNING COMMAND, from a scripts_list result.
std::string format_scripts_table(const nlohmann::json& list, bool color);

/// `hummel nodes`: NODE STATE ADDRESS HEARD VERSION PROCESSES ERROR, from a
/// cluster_status result.
std::string format_nodes_table(const nlohmann::json& cluster, bool color);

/// `hummel logs`: "HH:MM:SS name | text" per line of a logs result. Without
/// `color`, the text's own escape sequences are stripped (strip_ansi).
std::string format_log_lines(const nlohmann::json& lines, bool color);

/// "1h02m", "3m05s", "12s", "-".
std::string format_duration(int64_t ms);

/// "12.3 MiB", "512 KiB", "-".
std::string format_bytes(uint64_t bytes);

/// `v` with one decimal, the digits printf's "%.1f" writes (std::to_chars:
/// `hummel ps` of 10,000 spent a tenth of its time in printf's float path).
std::string format_fixed1(double v);

} // namespace hummel::cli
