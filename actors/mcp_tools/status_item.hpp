#pragma once

// Internal to status_write.cpp and status_text.cpp: the fields of a
// scripts_status item and the cells its text shows.

#include "actors/mcp_tools/status_write.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::mcp_tools::detail {

enum field : unsigned {
  f_command,
  f_cpu_percent,
  f_end_time,
  f_error,
  f_error_count,
  f_exit_code,
  f_kind,
  f_last_error,
  f_log_degraded,
  f_name,
  f_pid,
  f_ready,
  f_restart_reason,
  f_restarts,
  f_rss_bytes,
  f_run_id,
  f_signal,
  f_start_time,
  f_status,
  f_uptime_ms,
  f_urls,
  n_fields,
};

constexpr std::string_view field_names[n_fields] = {
  "command",   "cpu_percent", "end_time",       "error",        "error_count",
  "exit_code", "kind",        "last_error",     "log_degraded", "name",
  "pid",       "ready",       "restart_reason", "restarts",     "rss_bytes",
  "run_id",    "signal",      "start_time",     "status",       "uptime_ms",
  "urls"};

constexpr field_mask bit(field f) {
  return field_mask{1} << f;
}

/// One item as its text shows it: which keys it has, which are null, and
/// each present scalar's cell (strings bare, booleans yes/no, numbers as
/// dump writes them; urls joined by spaces).
struct item {
  const process_snapshot* x = nullptr;
  field_mask present = 0;
  field_mask nulls = 0;
  std::array<std::string, n_fields> cell;
  /// uptime_ms's value.
  int64_t uptime = 0;

  /// As a fresh item, keeping the cells' buffers (a brief text reuses one
  /// item for every process: `item{}` zeroed and moved 21 strings per
  /// process, a quarter of write_status's time for 10,000).
  void reset() {
    x = nullptr;
    present = 0;
    nulls = 0;
    for (auto& c : cell)
      c.clear();
    uptime = 0;
  }

  bool has(field f) const {
    return (present & bit(f)) != 0 && (nulls & bit(f)) == 0;
  }
  /// field_cell of text.cpp: "-" for a missing or null value.
  std::string field_cell(field f) const {
    return has(f) ? cell[f] : std::string{"-"};
  }
};

/// status_table of text.cpp for a local read; with `brief`, only its first
/// line, without the newline.
std::string status_text(const std::vector<item>& items, bool brief = false);

/// The statuses of a listing with their counts, in order of first
/// appearance (the summary line's "3 running, 1 failed").
using status_tally = std::vector<std::pair<std::string, int>>;

/// Counts the status of `it` (if it has one) into `n`.
void tally_status(status_tally& n, const item& it);

/// The summary line of `count` processes: status_text's first line.
std::string status_summary(size_t count, const status_tally& n);

} // namespace hummel::mcp_tools::detail
