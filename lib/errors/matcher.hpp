#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

/// Error matchers in the problem-matcher JSON format of VS Code tasks and
/// GitHub Actions, extended (under a "hummel" key the others ignore) with
/// what grouping needs: which following lines belong to the error.
///
/// A file holds one matcher object, an array of them, or
/// {"problemMatcher": [...]} (the GitHub Actions file). A matcher:
///
///     {"owner": "gcc", "severity": "error",
///      "pattern": [{"regexp": "^(.*):(\\d+):(\\d+): (error|warning): (.*)$",
///                   "file": 1, "line": 2, "column": 3, "severity": 4,
///                   "message": 5}],
///      "hummel": {"kind": "gcc",
///                 "follow": [{"regexp": "^\\s+\\|"}, {"regexp": "^\\s*\\^"}],
///                 "close": {"regexp": "^SUMMARY: "}, "max_lines": 200}}
///
/// `pattern` lines match one after another (the last may `loop`: each
/// further match is a new error that keeps the earlier lines' captures).
/// Once they have matched, `follow` lines (in any order, blank lines only
/// between two of them) join the error; a `close` line joins and ends it,
/// unless `tail` lines follow it directly or the next line after it (blank
/// lines aside) matches `resume`.
/// Any other line, a `stop` line, a quiet gap or `max_lines` ends it too.
///
/// Thread safety: plain values; the functions are pure.
namespace hummel::errors {

enum class severity : uint8_t { error, warning, info };

/// "error", "warning" or "info".
std::string_view to_string(severity s) noexcept;

/// Maps a captured or configured severity word: err*/fatal*/crit*/panic* →
/// error, warn* → warning, info*/note*/hint* → info; case-insensitive.
/// Anything else gives `fallback`.
severity parse_severity(std::string_view word, severity fallback) noexcept;

/// One line of a matcher: a regular expression (RE2 syntax) and the numbers
/// of its capture groups that hold each field (0 = not captured).
struct line_pattern {
  std::string regexp;
  int file = 0;
  int line = 0;
  int column = 0;
  /// VS Code's alternative to line/column: one group "L", "L,C" or
  /// "L,C,EL,EC".
  int location = 0;
  int severity = 0;
  int code = 0;
  int message = 0;
  /// Only the last `pattern` line: it may match again and again.
  bool loop = false;
  /// A `pattern` line that only gives captures: the line itself is not
  /// part of the error (eslint's file header above its problem lines).
  bool context = false;
  /// `follow` lines: whose captures win when several lines capture the
  /// same field (false: the first keeps it; true: the last replaces it).
  bool last_wins = false;
  /// `take: "fallback"`: its location (file, line, column) stands only
  /// while no other line of the group gave one, and the last such line
  /// wins (a library's stack frames: the program's own frame, if there is
  /// one, is where to look; else the innermost library frame).
  bool fallback = false;
};

/// One matcher.
struct matcher {
  /// Where it came from (a file name, "built-in"), for messages.
  std::string source;
  /// The matcher's name (its "owner"); names the source in every error.
  std::string owner;
  /// The record's kind ("typescript", "python-traceback"); default owner.
  std::string kind;
  severity default_severity = severity::error;
  std::vector<line_pattern> pattern;
  std::vector<line_pattern> follow;
  /// Empty regexp: none. Captures of a close line always win.
  line_pattern close;
  /// After a close line (and blank lines), a line matching `resume` carries
  /// the error on (Python's "During handling of the above exception").
  std::string resume;
  /// Lines right after a close line (no blank line between) that join and
  /// keep the error closed: the continuation lines of a multi-line message.
  std::string tail;
  /// A line matching `stop` ends the error and is not part of it (it may
  /// start the next one): pytest's next section header.
  std::string stop;
  /// Lines that join only if a later line joins (blank lines always do):
  /// clang's source line above its caret. Otherwise they are matched again
  /// once the error has ended.
  std::string hold;
  /// A single-line error (a log line) that gives its line to an error
  /// starting on the very next line (Python's logging.exception).
  bool prefix = false;
  /// Lines this matcher takes make no record (summaries such as rustc's
  /// "error: aborting due to 2 previous errors").
  bool ignore = false;
  /// A group longer than this ends (its lines kept, the rest not grouped).
  uint32_t max_lines = 200;
};

/// Parses matchers from the JSON text of `source` (a file name for the
/// messages). Checks the shape and the group numbers, not the regular
/// expressions (see rule_set). Returns the matchers or an error such as
/// "ci/matchers.json: matcher 'tsc' pattern 1: \"line\" must be a number".
std::variant<std::vector<matcher>, std::string>
parse_matchers(std::string_view json_text, std::string_view source);

} // namespace hummel::errors
