#pragma once

// Requests for a process's log lines and their answers.

#include "logs/log_record.hpp"

#include <cstdint>
#include <vector>

namespace hummel {

/// Which lines of one process to return.
struct log_query {
  /// Only lines with a larger sequence number; 0 = from the oldest kept.
  uint64_t after_seq = 0;
  /// At most this many lines; the newest ones when `tail` is set.
  uint32_t limit = 100;
  bool tail = true;
  /// 0 = both streams, else a log_stream value.
  uint8_t stream = 0;
};

/// Lines from the memory ring, oldest first.
struct log_page {
  std::vector<log_line> lines;
  /// Oldest and newest sequence numbers still in memory (0 when empty).
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
};

} // namespace hummel
