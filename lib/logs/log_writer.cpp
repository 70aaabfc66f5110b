#include "logs/log_writer.hpp"

#include <algorithm>
#include <cstring>

namespace hummel {

log_writer::log_writer(std::unique_ptr<log_file> file)
  : file_(std::move(file)) {
  // nop
}

void log_writer::lose(std::span<const log_line> lines) {
  if (lines.empty())
    return;
  if (gap_.lost == 0)
    gap_.first_seq = lines.front().seq;
  gap_.last_seq = lines.back().seq;
  gap_.lost += lines.size();
}

log_writer::outcome log_writer::append(std::span<const log_line> lines) {
  if (degraded_) {
    lose(lines);
    return outcome::skipped;
  }
  if (file_->append(lines))
    return outcome::written;
  degraded_ = true;
  reason_ = file_->last_error();
  errno_ = file_->last_errno();
  gap_ = log_gap{};
  gap_.reason = errno_ != 0 ? std::strerror(errno_) : reason_;
  delay_ = first_retry_delay;
  lose(lines.subspan(std::min(file_->written(), lines.size())));
  return outcome::failed;
}

log_line log_writer::marker(uint64_t seq, int64_t time_ms,
                            uint32_t run_id) const {
  log_line line;
  line.seq = seq;
  line.time_ms = time_ms;
  line.stream = log_stream::event;
  line.run_id = run_id;
  line.text = log_format::gap_text(gap_);
  return line;
}

bool log_writer::retry(const log_line& marker) {
  if (!degraded_)
    return true;
  if (!file_->append(std::span<const log_line>{&marker, 1})) {
    delay_ = std::min(delay_ * 2, max_retry_delay);
    return false;
  }
  degraded_ = false;
  reason_.clear();
  errno_ = 0;
  gap_ = log_gap{};
  delay_ = first_retry_delay;
  return true;
}

} // namespace hummel
