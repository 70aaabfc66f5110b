#pragma once

#include "logs/log_record.hpp"

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

/// Parses one record (without its "\n") into `out`. Returns false, leaving
/// `out` unspecified, when the record is malformed.
bool parse_record(std::string_view record, log_line& out);

} // namespace hummel::log_format
