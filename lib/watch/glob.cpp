#include "watch/glob.hpp"

#include <fnmatch.h>

#include <cstdint>

namespace hummel::watch {

namespace {

/// The non-empty segments of `path` other than ".".
std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos)
      end = path.size();
    auto seg = path.substr(start, end - start);
    if (!seg.empty() && seg != ".")
      out.push_back(seg);
    start = end + 1;
  }
  return out;
}

bool segment_matches(const std::string& pattern, std::string_view name) {
  std::string text{name};
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

/// Matches pattern segments against path segments. `open_end` decides what
/// a path that ends first means: false = the remaining pattern must match
/// nothing (only `**` left), true = something below the path may match.
/// Memoised over (pattern index, path index), so `**` stays polynomial.
class matcher {
public:
  matcher(const std::vector<std::string>& pattern,
          const std::vector<std::string_view>& path, bool open_end)
    : p_(pattern),
      s_(path),
      open_end_(open_end),
      memo_((p_.size() + 1) * (s_.size() + 1), -1) {
    // nop
  }

  bool run(size_t pi = 0, size_t si = 0) {
    // The whole pattern matched this path or one of its ancestors.
    if (pi == p_.size())
      return true;
    if (si == s_.size()) {
      if (open_end_)
        return true;
      for (; pi < p_.size(); ++pi)
        if (p_[pi] != "**")
          return false;
      return true;
    }
    auto& known = memo_[pi * (s_.size() + 1) + si];
    if (known >= 0)
      return known == 1;
    bool result = false;
    if (p_[pi] == "**")
      result = run(pi + 1, si) || run(pi, si + 1);
    else
      result = segment_matches(p_[pi], s_[si]) && run(pi + 1, si + 1);
    known = result ? 1 : 0;
    return result;
  }

private:
  const std::vector<std::string>& p_;
  const std::vector<std::string_view>& s_;
  bool open_end_;
  std::vector<int8_t> memo_;
};

} // namespace

std::optional<std::string> check_pattern(std::string_view pattern) {
  if (pattern.find_first_not_of(" \t") == std::string_view::npos)
    return "a watch pattern must not be empty";
  if (pattern.front() == '/')
    return "watch pattern '" + std::string{pattern}
           + "' must be relative to the process's cwd";
  for (auto seg : split(pattern))
    if (seg == "..")
      return "watch pattern '" + std::string{pattern}
             + "' must not leave the process's cwd ('..')";
  return std::nullopt;
}

std::variant<glob, std::string> glob::compile(std::string_view pattern) {
  if (auto why = check_pattern(pattern))
    return *why;
  glob result;
  result.text_ = std::string{pattern};
  for (auto seg : split(pattern))
    result.segments_.emplace_back(seg);
  return result;
}

bool glob::matches(std::string_view path) const {
  auto segs = split(path);
  return matcher{segments_, segs, false}.run();
}

bool glob::may_match_below(std::string_view dir) const {
  auto segs = split(dir);
  return matcher{segments_, segs, true}.run();
}

std::variant<path_filter, std::string>
path_filter::make(const std::vector<std::string>& watch,
                  const std::vector<std::string>& ignore) {
  path_filter result;
  for (const auto& w : watch) {
    auto g = glob::compile(w);
    if (auto* why = std::get_if<std::string>(&g))
      return *why;
    result.watch_.push_back(std::move(std::get<glob>(g)));
  }
  std::vector<std::string> all{std::begin(default_ignores),
                               std::end(default_ignores)};
  all.insert(all.end(), ignore.begin(), ignore.end());
  for (const auto& i : all) {
    // Without a '/', a name at any depth (as in .gitignore).
    auto trimmed = std::string_view{i};
    while (trimmed.ends_with('/'))
      trimmed.remove_suffix(1);
    bool floating = trimmed.find('/') == std::string_view::npos;
    auto g = glob::compile(floating ? "**/" + std::string{trimmed} : i);
    if (auto* why = std::get_if<std::string>(&g))
      return *why;
    result.ignore_.push_back(std::move(std::get<glob>(g)));
  }
  return result;
}

bool path_filter::ignored(std::string_view path) const {
  for (const auto& g : ignore_)
    if (g.matches(path))
      return true;
  return false;
}

bool path_filter::wants(std::string_view path) const {
  if (ignored(path))
    return false;
  for (const auto& g : watch_)
    if (g.matches(path))
      return true;
  return false;
}

bool path_filter::descends(std::string_view dir) const {
  if (!dir.empty() && ignored(dir))
    return false;
  for (const auto& g : watch_)
    if (g.may_match_below(dir))
      return true;
  return false;
}

} // namespace hummel::watch
