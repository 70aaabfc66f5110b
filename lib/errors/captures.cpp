#include "errors/captures.hpp"

#include <algorithm>
#include <charconv>

namespace hummel::errors::detail {

namespace {

std::optional<uint32_t> number(std::string_view s) {
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p == s.data())
    return std::nullopt;
  return v;
}

void take(std::optional<std::string>& dst, int g, const re2::StringPiece* sub,
          int n, bool replace) {
  if (g <= 0 || g >= n || sub[g].data() == nullptr || sub[g].empty())
    return;
  if (replace || !dst)
    dst = std::string{trim(std::string_view{sub[g].data(), sub[g].size()})};
}

void take(std::optional<uint32_t>& dst, int g, const re2::StringPiece* sub,
          int n, bool replace) {
  if (g <= 0 || g >= n || sub[g].data() == nullptr)
    return;
  auto v = number({sub[g].data(), sub[g].size()});
  if (v && (replace || !dst))
    dst = v;
}

} // namespace

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos)
    return {};
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string_view cut(std::string_view s, size_t n) {
  if (s.size() <= n)
    return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
    --n;
  return s.substr(0, n);
}

bool match(const compiled_line& cl, std::string_view text,
           re2::StringPiece* sub, int& n) {
  n = std::min(cl.re->NumberOfCapturingGroups() + 1, max_submatches);
  return cl.re->Match(re2::StringPiece{text.data(), text.size()}, 0,
                      text.size(), RE2::UNANCHORED, sub, n);
}

void apply(fields& f, const line_pattern& def, const re2::StringPiece* sub,
           int n, bool replace) {
  take(f.message, def.message, sub, n, replace);
  take(f.code, def.code, sub, n, replace);
  take(f.level, def.severity, sub, n, replace);
  // A fallback line's location never replaces another line's; any line's
  // replaces a fallback's.
  if (def.fallback && f.file && !f.fallback_location)
    return;
  bool place = replace || def.fallback || f.fallback_location;
  bool took = def.file > 0 && def.file < n && sub[def.file].data() != nullptr
              && !sub[def.file].empty() && (place || !f.file);
  take(f.file, def.file, sub, n, place);
  if (took)
    f.fallback_location = def.fallback;
  take(f.line, def.line, sub, n, place);
  take(f.column, def.column, sub, n, place);
  if (def.location > 0 && def.location < n && sub[def.location].data()) {
    std::string_view loc{sub[def.location].data(), sub[def.location].size()};
    auto comma = loc.find(',');
    auto l = number(loc.substr(0, comma));
    if (l && (place || !f.line))
      f.line = l;
    if (comma != std::string_view::npos) {
      auto c = number(loc.substr(comma + 1));
      if (c && (place || !f.column))
        f.column = c;
    }
  }
}

} // namespace hummel::errors::detail
