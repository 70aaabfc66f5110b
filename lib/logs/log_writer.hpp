#pragma once

#include "logs/log_file.hpp"
#include "logs/log_format.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace hummel {

/// The log file of one process as its PROCESS actor writes it: every write
/// is checked. When one fails (ENOSPC, EIO, a folder that went away) the
/// writer is *degraded*: it stops writing, counts the lines that miss the
/// file (they stay in the memory ring) and waits for retry(), which the
/// owner calls after retry_delay() (50 ms, doubling, at most 500 ms, so
/// writing resumes within about half a second of space returning). A retry
/// writes a gap marker record (log_format::gap_text: first and last
/// sequence lost, how many, why); once it is in the file the writer is
/// healthy again.
///
/// Thread safety: a log_writer belongs to one actor; nothing is shared.
class log_writer {
public:
  /// The longest wait between two retries.
  static constexpr std::chrono::milliseconds max_retry_delay{500};

  /// The first wait after a failure.
  static constexpr std::chrono::milliseconds first_retry_delay{50};

  /// What append() did.
  enum class outcome {
    written, ///< every line is in the file
    failed,  ///< this call failed and made the writer degraded
    skipped, ///< already degraded: nothing written, the lines count as lost
  };

  /// Writes through `file` (not null).
  explicit log_writer(std::unique_ptr<log_file> file);

  /// Appends `lines` (see outcome).
  outcome append(std::span<const log_line> lines);

  /// True between a failed write and the retry that wrote the gap marker.
  bool degraded() const noexcept {
    return degraded_;
  }

  /// Why the writer is degraded: the file's error ("write /x/web.log: No
  /// space left on device"); "" when healthy.
  const std::string& reason() const noexcept {
    return reason_;
  }

  /// The errno of the failure that made the writer degraded, or 0.
  int error_number() const noexcept {
    return errno_;
  }

  /// The lines lost since the writer became degraded (reason: strerror).
  const log_gap& gap() const noexcept {
    return gap_;
  }

  /// How long to wait before the next retry.
  std::chrono::milliseconds retry_delay() const noexcept {
    return delay_;
  }

  /// The gap marker record with sequence `seq`, for retry().
  log_line marker(uint64_t seq, int64_t time_ms, uint32_t run_id) const;

  /// Tries to write `marker` (from marker()). True: it is in the file and
  /// the writer is healthy again (the caller keeps the marker's sequence
  /// number and puts it into the ring). False: still degraded; the next
  /// delay doubles.
  bool retry(const log_line& marker);

  /// Empties the log file (log_file::clear): the bytes it held, or
  /// nullopt with the reason in file().last_error().
  std::optional<uint64_t> clear() {
    return file_->clear();
  }

  /// The file written to.
  const log_file& file() const noexcept {
    return *file_;
  }

  /// The file written to, e.g. to set a write function in tests.
  log_file& file() noexcept {
    return *file_;
  }

private:
  void lose(std::span<const log_line> lines);

  std::unique_ptr<log_file> file_;
  bool degraded_ = false;
  std::string reason_;
  int errno_ = 0;
  log_gap gap_;
  std::chrono::milliseconds delay_ = first_retry_delay;
};

} // namespace hummel
