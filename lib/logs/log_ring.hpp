#pragma once

#include "logs/log_record.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace hummel {

/// A line held by a log_ring: valid until the ring changes.
struct log_line_view {
  uint64_t seq = 0;
  int64_t time_ms = 0;
  log_stream stream = log_stream::out;
  uint32_t run_id = 0;
  std::string_view text;

  /// An owning copy.
  log_line to_line() const {
    return {seq, time_ms, stream, run_id, std::string{text}};
  }
};

/// A bounded in-memory ring of log lines, oldest evicted first.
///
/// Bounded by a line count and by a byte budget, where one line costs
/// `text.size() + line_overhead` bytes. The newest line is always kept,
/// even if it alone exceeds the byte budget. Lines must be pushed in
/// strictly increasing `seq` order (after() relies on it).
///
/// Storage: two flat circular buffers, one of fixed-size entries and one of
/// text bytes (each line's bytes contiguous), instead of a heap string per
/// line. A ring that takes 50,000 lines/s replaces its whole content many
/// times a second; with a string per line, that live set wandered through
/// the heap and kept pages of it resident after other memory around it was
/// freed. The text buffer holds about 1.25 times the text (grown by half
/// when a line does not fit, shrunk when twice too large); the entries grow
/// by half up to `max_lines` and shrink when a quarter full. An entry is 24
/// bytes (it was 40): the seq is kept as an offset from the ring's base
/// (rebased when a gap of 2^32 comes, which evicts lines only if even the
/// oldest held line is that far back), the text position as 32 bits
/// (positions are compacted before they would overflow), and the length
/// as 24 bits beside the stream. Two rings of 10,000 lines hold 0.4 MB
/// less than before.
///
/// Limits: a byte budget above 1 GiB is taken as 1 GiB, and a line longer
/// than 16 MiB - 1 keeps its first 16 MiB - 1 bytes here (the line
/// splitter's pieces are 64 KiB; the log file keeps every byte).
///
/// Thread safety: none. A ring is owned by one actor and never shared.
class log_ring {
public:
  /// Fixed per-line cost added to the text size for the byte budget.
  static constexpr size_t line_overhead = 32;

  /// The largest byte budget; a larger one is taken as this.
  static constexpr size_t max_byte_budget = size_t{1} << 30;

  /// The longest text a line keeps in the ring.
  static constexpr size_t max_text = (size_t{1} << 24) - 1;

  /// Creates an empty ring; a `max_lines` of 0 is treated as 1.
  log_ring(size_t max_lines, size_t max_bytes);

  log_ring(const log_ring&) = delete;
  log_ring& operator=(const log_ring&) = delete;

  /// Appends `line`, evicting the oldest lines while over either bound.
  void push(const log_line& line);

  /// Drops all lines and gives the buffers back.
  void clear() noexcept;

  /// Returns the number of lines held.
  size_t size() const noexcept {
    return count_;
  }

  /// Returns whether the ring holds no line.
  bool empty() const noexcept {
    return count_ == 0;
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

  /// Returns the newest `n` lines for which `keep(log_line_view)` is true,
  /// oldest first.
  template <class F>
  std::vector<log_line> tail(size_t n, F&& keep) const {
    std::vector<log_line> result;
    for (size_t i = count_; i > 0 && result.size() < n; --i) {
      auto x = at(i - 1);
      if (keep(static_cast<const log_line_view&>(x)))
        result.push_back(x.to_line());
    }
    std::reverse(result.begin(), result.end());
    return result;
  }

  /// Returns up to `limit` lines with a seq greater than `seq`, oldest
  /// first.
  std::vector<log_line> after(uint64_t seq, size_t limit) const;

  /// Calls `f(const log_line_view&)` for each line, newest first, until `f`
  /// returns false.
  template <class F>
  void for_each_newest_first(F f) const {
    for (size_t i = count_; i > 0; --i)
      if (!f(static_cast<const log_line_view&>(at(i - 1))))
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

  /// Bytes the two buffers hold (for tests and metrics).
  size_t capacity_bytes() const noexcept;

private:
  struct entry {
    int64_t time_ms;
    /// The seq minus `seq_base_`.
    uint32_t seq_off;
    /// Position of the text in the byte stream (see `pos_`).
    uint32_t pos;
    /// The text's length (low 24 bits) and the stream (high 8 bits).
    uint32_t len_stream;
    uint32_t run_id;

    uint32_t len() const noexcept {
      return len_stream & max_text;
    }
  };
  static_assert(sizeof(entry) == 24);

  /// The `i`-th line held, oldest first.
  log_line_view at(size_t i) const noexcept;
  const entry& ent(size_t i) const noexcept {
    return ents_[(first_ + i) % ecap_];
  }
  void pop_front() noexcept;
  /// Where the next `len` bytes go (absolute), growing the text buffer if
  /// they would overwrite a held line.
  uint64_t place(size_t len);
  /// Copies every held line's text into a new buffer of `cap` bytes.
  void relayout(size_t cap);
  /// Moves the held entries into a buffer of `cap` (> count_) entries.
  void resize_entries(size_t cap);
  /// Makes `seq` expressible as an offset: the base moves to the oldest
  /// held line, and lines 2^32 or more before `seq` are evicted.
  void rebase_seq(uint64_t seq) noexcept;
  uint64_t seq_of(const entry& e) const noexcept {
    return seq_base_ + e.seq_off;
  }

  size_t max_lines_;
  size_t max_bytes_;
  size_t bytes_ = 0;
  /// Text bytes of the lines held.
  size_t text_ = 0;
  std::unique_ptr<entry[]> ents_;
  size_t ecap_ = 0;
  size_t first_ = 0;
  size_t count_ = 0;
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;
  /// Position in the byte stream where the next text goes; byte `p` lives
  /// at `buf_[p % cap_]`, and no line's bytes wrap around the end. Held
  /// lines are compacted to positions from 0 before it passes 2^32.
  uint64_t pos_ = 0;
  /// The seq that an entry's `seq_off` counts from.
  uint64_t seq_base_ = 0;
};

} // namespace hummel
