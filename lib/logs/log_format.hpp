#pragma once

#include "logs/log_record.hpp"

#include <cstdint>
#include <string>
#include <string_view>

/// The on-disk record format of log files, one record per line:
/// `<seq>\t<time_ms>\t<o|e>\t<run_id>\t<text>\n`.
///
/// Thread safety: pure functions, callable from any thread.
namespace hummel::log_format {

/// Appends the record for `line` to `out`, including the final "\n". Stray
/// "\n" or "\r" bytes in the text become spaces so a record stays one line.
void append_record(std::string& out, const log_line& line);

/// The time last written by append_record: the lines of a batch share their
/// arrival time, whose digits are then copied instead of formatted again.
struct record_cache {
  int64_t time_ms = 0;
  uint8_t len = 0; // 0: nothing cached yet
  char text[20] = {};
};

/// As above, with `cache` carried from one record to the next.
void append_record(std::string& out, const log_line& line, record_cache& cache);

/// Parses one record (without its "\n") into `out`. Returns false, leaving
/// `out` unspecified, when the record is malformed.
bool parse_record(std::string_view record, log_line& out);

/// True when a parsed record is really two run together: a record cut by
/// a failed write (a full disk, a crash) and the next one appended after
/// it, e.g. `5\t1700…\to\t` + `6\t1700…\to\t1\thi` read as one record
/// whose run id is 6 and whose text starts with `1700…\to\t1\t`. The sign:
/// the text holds `<digits>\t[oeh]\t<digits>\t` at its start or
/// `<digits>\t<digits>\t[oeh]\t<digits>\t` anywhere. (A process that
/// prints that shape itself loses such lines from the file readers.)
bool looks_merged(const log_line& line);

/// The text of a gap marker record:
/// "— 40,758 lines lost (seq 1001–41758): No space left on device —".
std::string gap_text(const log_gap& gap);

/// Parses the text of a gap marker record; false for any other text.
bool parse_gap(std::string_view text, log_gap& out);

/// True for a gap marker record (stream `event`, text of gap_text). Log
/// readers keep these whatever their stream or text filter, so that a
/// reader sees where the file misses lines.
bool is_gap_marker(const log_line& line);

/// The same for a line's stream and text.
bool is_gap_marker(log_stream stream, std::string_view text);

} // namespace hummel::log_format
