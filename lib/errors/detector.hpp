#pragma once

#include "errors/rule_set.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Finds errors in one output stream as its lines arrive and groups the
/// lines that belong to each (the headline, the frames, the notes).
///
/// A group ends on the next line that does not belong to it, on a quiet
/// gap (`tick`), at its matcher's `max_lines`, or at the end of the run
/// (`finish`). Lines are matched without terminal escape sequences; a
/// stream's name (stderr) means nothing to it. At the start of a stream,
/// and again after `finish` (a new run), the lines a package manager echoes
/// before a script's output (`> pkg@1.0.0 build`, `> the command`, `$ the
/// command`) are no errors, whatever the command's text names.
///
/// Thread safety: one detector per stream, used by one thread (the PROCESS
/// actor that owns the stream); the rule_set is shared and immutable.
namespace hummel::errors {

/// One error found: its fields, and the lines that make it up.
struct group {
  std::string owner;
  std::string kind;
  severity level = severity::error;
  /// The headline (the captured message, else the first line), trimmed.
  std::string message;
  std::string code;
  std::optional<std::string> file;
  std::optional<uint32_t> line;
  std::optional<uint32_t> column;
  /// The lines, ANSI stripped, each cut at 1 KiB.
  std::vector<std::string> lines;
  /// The `seq` of the first and the last line (as given to `feed`).
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  int64_t first_ms = 0;
  int64_t last_ms = 0;
};

class detector {
public:
  /// `gap_ms`: a group with no new line for this long ends at `tick`.
  explicit detector(std::shared_ptr<const rule_set> rules,
                    int64_t gap_ms = 200);
  ~detector();

  detector(detector&&) noexcept;
  detector& operator=(detector&&) noexcept;

  /// Takes one line (without its newline). Groups that end are appended
  /// to `out`.
  void feed(std::string_view line, uint64_t seq, int64_t now_ms,
            std::vector<group>& out);

  /// Ends the open group if no line came for the gap.
  void tick(int64_t now_ms, std::vector<group>& out);

  /// Ends the open group. `run_ended`: the next line starts a new run
  /// (where a package manager's echo is skipped again); false when the run
  /// goes on (its records were cleared).
  void finish(std::vector<group>& out, bool run_ended = true);

  /// When `tick` would end the open group; nullopt if none is open.
  std::optional<int64_t> deadline() const;

private:
  /// `feed` of a line without escape sequences and carriage return.
  void feed_plain(std::string_view line, uint64_t seq, int64_t now_ms,
                  std::vector<group>& out);

  struct state;
  std::shared_ptr<const rule_set> rules_;
  int64_t gap_ms_;
  /// No line but a package manager's echo of the script since the start or
  /// the last `finish`.
  bool at_start_ = true;
  /// Made at the first line: a silent stream (most of 10,000 `sleep`s)
  /// costs no state (about 1 KB each).
  std::unique_ptr<state> st_;
};

} // namespace hummel::errors
