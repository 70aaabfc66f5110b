#pragma once

// The rows of `hummel ps`: what its table shows of each scripts_status
// item, read either from a JSON tree or straight from the daemon's response
// line. With thousands of processes the tree was most of the command's time
// (a `std::map` per process: 40 % of the CLI's CPU for 6,400); the line is
// read with RapidJSON's SAX reader instead, without a tree (header-only,
// so the statically linked CLI needs no shared JSON library).
//
// Thread safety: pure functions of their arguments.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::cli {

/// One process as the status table shows it. A text field holds what the
/// JSON had: a string as is, another non-null value as JSON text, nullopt
/// for null or absent.
struct status_row {
  std::optional<std::string> name;
  std::optional<std::string> status;
  std::optional<std::string> pid;
  std::optional<std::string> exit_code; // only when a number
  std::optional<std::string> signal;    // only when a number
  std::optional<std::string> node;
  std::optional<std::string> restart_reason;
  std::optional<std::string> log_degraded;
  bool log_degraded_is_string = false;
  std::optional<std::string> first_url; // urls[0] when a string
  bool ready = false;
  int64_t uptime_ms = 0;
  int64_t restarts = 0;
  int64_t error_count = 0;
  double cpu_percent = 0;
  uint64_t rss_bytes = 0;
};

/// The row of one scripts_status item.
status_row status_row_from(const nlohmann::json& item);

/// The rows of a scripts_status result's `processes`.
std::vector<status_row> status_rows_from(const nlohmann::json& result);

/// What a response line held for `status_rows_from_line`.
enum class status_line_kind {
  /// The successful response to the request: `rows` hold its processes.
  rows,
  /// A line that is not a response (a notification): read the next one.
  other,
  /// Anything else (an error, another id, a shape not expected): parse the
  /// line the general way, which says what went wrong.
  general,
};

/// Receives each row as it is read; the row is reused for the next one.
using status_row_fn = std::function<void(const status_row&)>;

/// Reads the response to request `id` from `line`, in either form
/// (`processes`, or the compact `columns` and `rows` of mcp::meta::rows),
/// without building a tree or keeping a row: `each` gets every row as it
/// ends, before the verdict is known (which needs the whole line), so a
/// caller keeps what it made of them only for `rows`. With 10,000
/// processes, rows kept (400 bytes each) and a table of cells were most of
/// the memory `hummel ps` touched, and on a VM every fresh page costs a
/// trap: `hummel ps` keeps only each row's formatted cells (status_table).
status_line_kind for_each_status_row(std::string_view line, int64_t id,
                                     const status_row_fn& each);

/// The same, the rows kept in `rows` (empty unless the verdict is `rows`).
status_line_kind status_rows_from_line(std::string_view line, int64_t id,
                                       std::vector<status_row>& rows);

} // namespace hummel::cli
