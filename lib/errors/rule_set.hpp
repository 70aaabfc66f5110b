#pragma once

#include "errors/matcher.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace re2 {
class RE2;
} // namespace re2

namespace hummel::errors {
class prefilter;
} // namespace hummel::errors

/// Matchers compiled for the detector: every regular expression as an RE2,
/// and a prefilter over the first lines of all matchers (errors/
/// prefilter.hpp), so a line that starts no error costs a scan for the
/// literals those lines need, and no automaton.
///
/// Thread safety: immutable once built; one rule_set is shared by every
/// detector (RE2 objects are safe to use from many threads).
namespace hummel::errors {

/// A compiled pattern line.
struct compiled_line {
  line_pattern def;
  std::unique_ptr<re2::RE2> re;
};

/// A compiled matcher.
struct compiled_matcher {
  std::string owner;
  std::string kind;
  severity default_severity = severity::error;
  std::vector<compiled_line> pattern;
  std::vector<compiled_line> follow;
  /// re == nullptr: none.
  compiled_line close;
  /// nullptr: none.
  std::unique_ptr<re2::RE2> resume;
  /// nullptr: none.
  std::unique_ptr<re2::RE2> tail;
  /// nullptr: none.
  std::unique_ptr<re2::RE2> stop;
  /// nullptr: none.
  std::unique_ptr<re2::RE2> hold;
  bool ignore = false;
  bool prefix = false;
  uint32_t max_lines = 200;
};

class rule_set {
public:
  ~rule_set();

  /// Compiles `matchers` (earlier ones win when two could start at one
  /// line). A regexp RE2 cannot take is refused with the matcher's name and
  /// RE2's reason, e.g. "ci/m.json: matcher 'x' pattern 1: RE2 cannot take
  /// it (invalid perl operator: (?<)".
  static std::variant<std::shared_ptr<const rule_set>, std::string>
  compile(std::vector<matcher> matchers, std::string_view source);

  /// The built-in matchers (lib/errors/rules/*.json, compiled into the
  /// binary), then `extra` (the user's, from [errors] matchers). Never
  /// fails for the built-in ones (a test compiles them).
  static std::variant<std::shared_ptr<const rule_set>, std::string>
  with_builtin(std::vector<matcher> extra = {});

  const std::vector<compiled_matcher>& matchers() const noexcept {
    return matchers_;
  }

  /// Indices of the matchers whose first pattern line matches `line`
  /// (ANSI already stripped), in table order; `out` is cleared first.
  void starters(std::string_view line, std::vector<int>& out) const;

  /// How many first lines have no literal for the prefilter (they run on
  /// every line their first byte allows).
  size_t unfiltered() const noexcept;

private:
  rule_set();

  std::vector<compiled_matcher> matchers_;
  /// Over the first pattern lines of all matchers.
  std::unique_ptr<prefilter> first_;
};

/// The built-in matcher files: (name, JSON text) pairs.
const std::vector<std::pair<std::string_view, std::string_view>>&
builtin_matcher_files();

} // namespace hummel::errors
