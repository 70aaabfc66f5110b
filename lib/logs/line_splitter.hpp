#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace hummel {

/// Splits a byte stream, fed in arbitrary chunks, into lines.
///
/// Lines end at "\n", "\r\n" or a lone "\r"; the terminator is not part of
/// the emitted line. Bytes are arbitrary (NUL and invalid UTF-8 included).
/// A line longer than `max_line` is emitted in pieces of `max_line` bytes;
/// a terminator right after such a piece does not add an empty line, so the
/// output never depends on how the input was chunked.
///
/// A "\r" ends its line at once (the line is emitted without waiting); if
/// it is the last byte of a chunk, the splitter remembers it and swallows a
/// "\n" at the start of the next chunk.
///
/// Thread safety: none; one splitter belongs to one reader.
class line_splitter {
public:
  /// Default upper bound for one emitted line.
  static constexpr size_t default_max_line = 64 * 1024;

  /// Creates a splitter; `max_line` of 0 is treated as 1.
  explicit line_splitter(size_t max_line = default_max_line);

  /// Feeds `bytes`; calls `emit(std::string_view line)` for each complete
  /// line. The view is valid only during the call.
  template <class F>
  void feed(std::string_view bytes, F&& emit) {
    const char* p = bytes.data();
    const char* end = p + bytes.size();
    if (p == end)
      return;
    if (cr_pending_) {
      cr_pending_ = false;
      if (*p == '\n')
        ++p;
    }
    // Each memchr result is reused until passed: O(n) even for long runs
    // of one terminator kind.
    const char* nl = find(p, end, '\n');
    const char* cr = find(p, end, '\r');
    while (p < end) {
      if (nl < p)
        nl = find(p, end, '\n');
      if (cr < p)
        cr = find(p, end, '\r');
      const char* t = nl < cr ? nl : cr;
      if (t == end) {
        keep(p, static_cast<size_t>(end - p), emit);
        return;
      }
      end_line(p, static_cast<size_t>(t - p), emit);
      if (*t == '\r') {
        if (t + 1 == end) {
          cr_pending_ = true;
          return;
        }
        p = t[1] == '\n' ? t + 2 : t + 1;
      } else {
        p = t + 1;
      }
    }
  }

  /// At end of stream: emits the unterminated rest, if any, and resets.
  template <class F>
  void finish(F&& emit) {
    cr_pending_ = false;
    split_ = false;
    if (!pending_.empty()) {
      emit(std::string_view{pending_});
      pending_.clear();
    }
  }

  /// Returns the number of buffered bytes of the unterminated line.
  size_t pending_bytes() const noexcept {
    return pending_.size();
  }

  /// Returns the configured maximum line length.
  size_t max_line() const noexcept {
    return max_line_;
  }

private:
  static const char* find(const char* p, const char* end, char c) noexcept {
    auto* r = std::memchr(p, c, static_cast<size_t>(end - p));
    return r != nullptr ? static_cast<const char*>(r) : end;
  }

  // Emits full `max_line_` pieces out of pending_ + [data, data + len) and
  // leaves a rest shorter than `max_line_` in pending_ or in [data, len).
  template <class F>
  void chop(const char*& data, size_t& len, F& emit) {
    if (!pending_.empty()) {
      auto n = std::min(len, max_line_ - pending_.size());
      pending_.append(data, n);
      data += n;
      len -= n;
      if (pending_.size() < max_line_)
        return;
      emit(std::string_view{pending_});
      pending_.clear();
      split_ = true;
    }
    while (len >= max_line_) {
      emit(std::string_view{data, max_line_});
      data += max_line_;
      len -= max_line_;
      split_ = true;
    }
  }

  // Buffers bytes of a line whose terminator has not been seen yet.
  template <class F>
  void keep(const char* data, size_t len, F& emit) {
    chop(data, len, emit);
    if (len > 0)
      pending_.append(data, len);
  }

  // Completes the current line with [data, data + len).
  template <class F>
  void end_line(const char* data, size_t len, F& emit) {
    chop(data, len, emit);
    if (!pending_.empty()) {
      pending_.append(data, len);
      emit(std::string_view{pending_});
      pending_.clear();
    } else if (len > 0 || !split_) {
      emit(std::string_view{data, len});
    }
    split_ = false;
  }

  size_t max_line_;
  std::string pending_;
  bool cr_pending_ = false;
  bool split_ = false;
};

} // namespace hummel
