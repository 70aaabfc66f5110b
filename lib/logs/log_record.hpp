#pragma once

#include <cstdint>
#include <string>

namespace hummel {

/// Which output stream of a managed process a line came from; `event` is a
/// record hummel writes itself (a run ended, a restart and why).
enum class log_stream : uint8_t { out = 1, err = 2, event = 3 };

/// "stdout", "stderr" or "hummel" (an event record).
constexpr const char* stream_name(log_stream s) noexcept {
  return s == log_stream::err     ? "stderr"
         : s == log_stream::event ? "hummel"
                                  : "stdout";
}

/// One line of process output.
struct log_line {
  /// Sequence number, strictly increasing per process (across runs and
  /// daemon restarts); 0 means "none".
  uint64_t seq = 0;
  /// Arrival time, milliseconds since the Unix epoch.
  int64_t time_ms = 0;
  /// The stream the line was read from.
  log_stream stream = log_stream::out;
  /// Which run (start) of the process produced the line.
  uint32_t run_id = 0;
  /// The raw bytes of the line, without terminator; may be invalid UTF-8.
  std::string text;

  /// Compares all fields.
  friend bool operator==(const log_line&, const log_line&) = default;
};

/// Lines that never reached the log file (a full disk): a gap marker,
/// written as a record of stream `event` once writing works again.
struct log_gap {
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  uint64_t lost = 0;
  /// Why: "No space left on device".
  std::string reason;
};

} // namespace hummel
