#include "logs/log_ring.hpp"

#include <algorithm>

namespace hummel {

log_ring::log_ring(size_t max_lines, size_t max_bytes)
  : max_lines_(max_lines == 0 ? 1 : max_lines), max_bytes_(max_bytes) {
  // nop
}

void log_ring::push(log_line line) {
  bytes_ += cost(line);
  lines_.push_back(std::move(line));
  while (lines_.size() > 1
         && (lines_.size() > max_lines_ || bytes_ > max_bytes_)) {
    bytes_ -= cost(lines_.front());
    lines_.pop_front();
  }
}

void log_ring::clear() noexcept {
  lines_.clear();
  bytes_ = 0;
}

uint64_t log_ring::first_seq() const noexcept {
  return lines_.empty() ? 0 : lines_.front().seq;
}

uint64_t log_ring::last_seq() const noexcept {
  return lines_.empty() ? 0 : lines_.back().seq;
}

std::vector<log_line> log_ring::tail(size_t n) const {
  n = std::min(n, lines_.size());
  return {lines_.end() - static_cast<std::ptrdiff_t>(n), lines_.end()};
}

std::vector<log_line> log_ring::after(uint64_t seq, size_t limit) const {
  auto first = std::upper_bound(
    lines_.begin(), lines_.end(), seq,
    [](uint64_t s, const log_line& line) { return s < line.seq; });
  auto available = static_cast<size_t>(lines_.end() - first);
  auto n = std::min(limit, available);
  return {first, first + static_cast<std::ptrdiff_t>(n)};
}

} // namespace hummel
