#pragma once

#include "logs/log_record.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace hummel {

/// A bounded in-memory ring of log lines, oldest evicted first.
///
/// Bounded by a line count and by a byte budget, where one line costs
/// `text.size() + line_overhead` bytes. The newest line is always kept,
/// even if it alone exceeds the byte budget. Lines must be pushed in
/// strictly increasing `seq` order (after() relies on it).
///
/// Thread safety: none. A ring is owned by one actor and never shared.
class log_ring {
public:
  /// Fixed per-line cost added to the text size for the byte budget.
  static constexpr size_t line_overhead = 32;

  /// Creates an empty ring; a `max_lines` of 0 is treated as 1.
  log_ring(size_t max_lines, size_t max_bytes);

  /// Appends `line`, then evicts the oldest lines while over either bound.
  void push(log_line line);

  /// Drops all lines.
  void clear() noexcept;

  /// Returns the number of lines held.
  size_t size() const noexcept {
    return lines_.size();
  }

  /// Returns whether the ring holds no line.
  bool empty() const noexcept {
    return lines_.empty();
  }

  /// Returns the byte cost of all lines held (text plus overhead).
  size_t bytes() const noexcept {
    return bytes_;
  }

  /// Returns the seq of the oldest line held, or 0 when empty.
  uint64_t first_seq() const noexcept;

  /// Returns the seq of the newest line held, or 0 when empty.
  uint64_t last_seq() const noexcept;

  /// Returns the newest `n` lines, oldest first.
  std::vector<log_line> tail(size_t n) const;

  /// Returns the newest `n` lines for which `keep(line)` is true, oldest
  /// first.
  template <class F>
  std::vector<log_line> tail(size_t n, F&& keep) const {
    std::vector<log_line> result;
    for (auto i = lines_.rbegin(); i != lines_.rend() && result.size() < n; ++i)
      if (keep(static_cast<const log_line&>(*i)))
        result.push_back(*i);
    std::reverse(result.begin(), result.end());
    return result;
  }

  /// Returns up to `limit` lines with a seq greater than `seq`, oldest
  /// first.
  std::vector<log_line> after(uint64_t seq, size_t limit) const;

  /// Calls `f(const log_line&)` for each line, newest first, until `f`
  /// returns false.
  template <class F>
  void for_each_newest_first(F f) const {
    for (auto i = lines_.rbegin(); i != lines_.rend(); ++i)
      if (!f(static_cast<const log_line&>(*i)))
        return;
  }

  /// Returns the line-count bound.
  size_t max_lines() const noexcept {
    return max_lines_;
  }

  /// Returns the byte bound.
  size_t max_bytes() const noexcept {
    return max_bytes_;
  }

private:
  static size_t cost(const log_line& line) noexcept {
    return line.text.size() + line_overhead;
  }

  size_t max_lines_;
  size_t max_bytes_;
  size_t bytes_ = 0;
  std::deque<log_line> lines_;
};

} // namespace hummel
