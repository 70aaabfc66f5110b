#pragma once

// Globs over relative, '/'-separated paths, as `watch` and `watch_ignore`
// use them: `*` and `?` within one path segment, character classes
// (`[abc]`, `[!a-z]`), `\` escapes (each segment goes through fnmatch(3)),
// and a whole segment `**` for any number of segments (zero included).
// A pattern that matches a directory covers everything below it.
//
// Thread safety: a compiled glob and a path_filter are immutable; any
// thread may use them.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hummel::watch {

/// Why `pattern` cannot be a watch glob (empty, absolute, or with a `..`
/// segment), or nullopt when it can.
std::optional<std::string> check_pattern(std::string_view pattern);

/// One compiled glob, anchored at the folder paths are relative to.
class glob {
public:
  /// Compiles `pattern` ("./" and trailing '/' are dropped); the reason
  /// when check_pattern refuses it.
  static std::variant<glob, std::string> compile(std::string_view pattern);

  /// True if `path` or one of its ancestor folders matches.
  bool matches(std::string_view path) const;

  /// True if some path strictly below the folder `dir` ("" = the root) can
  /// match: the watcher descends into `dir`.
  bool may_match_below(std::string_view dir) const;

  /// The pattern as written.
  const std::string& text() const {
    return text_;
  }

private:
  std::vector<std::string> segments_;
  std::string text_;
};

/// What one process watches: its `watch` globs minus its `watch_ignore`
/// globs and the default ignores (`.git`, `node_modules`). An ignore
/// pattern without '/' matches a file or folder name at any depth (as in
/// .gitignore); with a '/' it is anchored like a watch glob.
class path_filter {
public:
  /// Compiles both lists; the first pattern's reason if one is invalid.
  static std::variant<path_filter, std::string>
  make(const std::vector<std::string>& watch,
       const std::vector<std::string>& ignore);

  /// True if a change of `path` counts: some watch glob matches it and no
  /// ignore glob does.
  bool wants(std::string_view path) const;

  /// True if the folder `dir` ("" = the root) needs an inotify watch: not
  /// ignored, and a watched path may lie below it.
  bool descends(std::string_view dir) const;

private:
  bool ignored(std::string_view path) const;

  std::vector<glob> watch_;
  std::vector<glob> ignore_;
};

/// The names ignored in every process's tree.
inline constexpr std::string_view default_ignores[] = {".git", "node_modules"};

} // namespace hummel::watch
