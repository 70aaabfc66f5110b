#pragma once

// The log pane of `hummel ui`, without a terminal: the newest lines of one
// process (from `logs_stream`, then its follow), each once by seq, cleaned
// for a terminal (escape sequences stripped, tabs expanded, control bytes
// shown as '?'); a scroll position (0 = following the end); a search whose
// matches the pane highlights. Also the text of the errors pane.
//
// Thread safety: used by one thread.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::ui {

/// One line of the pane.
struct log_entry {
  uint64_t seq = 0;
  /// "HH:MM:SS" (local time of the line; empty if unknown).
  std::string clock;
  /// From stderr.
  bool is_stderr = false;
  /// The cleaned text.
  std::string text;
};

/// A process's log lines with a scroll position and a search.
class log_buffer {
public:
  /// At most this many lines are kept (the oldest go first).
  explicit log_buffer(size_t capacity = 5000);

  /// Empties the pane for `process` (scroll and search reset).
  void reset(std::string process);

  /// The process shown ("" for none).
  const std::string& process() const noexcept;

  /// Adds a `logs_stream` line (JSON: seq, time, stream, text) unless its
  /// seq was seen; returns whether it was added.
  bool add(const nlohmann::json& line);

  /// Every line, oldest first.
  const std::deque<log_entry>& lines() const noexcept;

  /// Lines above the bottom of the pane (0 = following new lines).
  size_t offset() const noexcept;

  /// Scrolls up (positive) or down by `n` lines, within the buffer for a
  /// pane of `height` lines.
  void scroll(int64_t n, size_t height);

  /// Back to the end, following.
  void follow() noexcept;

  /// Sets the search (empty: none); ASCII case-insensitive substring.
  void set_search(std::string text);

  /// The search text ("" for none).
  const std::string& search() const noexcept;

  /// Scrolls so that the next match above (`older`) or below the pane's
  /// bottom line is the bottom line; false when there is none.
  bool jump_to_match(bool older, size_t height);

  /// Byte ranges [begin, end) of the matches of the search in `text`.
  std::vector<std::pair<size_t, size_t>> matches(std::string_view text) const;

private:
  size_t capacity_;
  std::string process_;
  std::deque<log_entry> lines_;
  uint64_t last_seq_ = 0;
  size_t offset_ = 0;
  std::string search_;
};

/// A log line's text for a terminal: escape sequences stripped, tabs to
/// the next multiple of 8, other control bytes as '?', invalid UTF-8 as
/// U+FFFD.
std::string clean_text(std::string_view raw);

/// The errors pane's lines from a `logs_errors` result: per record
/// "HH:MM:SS kind xN message file:line" and its grouped lines indented.
std::vector<std::string> error_lines(const nlohmann::json& result);

} // namespace hummel::ui
