#include "common/duration_text.hpp"

#include <charconv>
#include <cstdio>

namespace hummel {

namespace {

/// "<a><ua><b as two digits><ub>" for 0 <= b < 100: "1m05s", "2h03m". By
/// std::to_chars: `hummel ps` writes one for each of 10,000 rows, and
/// printf's parsing of its format was a few percent of that.
std::string two_units(long long a, char ua, long long b, char ub) {
  char buf[32];
  auto* p = std::to_chars(buf, buf + 24, a).ptr;
  *p++ = ua;
  *p++ = static_cast<char>('0' + b / 10);
  *p++ = static_cast<char>('0' + b % 10);
  *p++ = ub;
  return {buf, p};
}

} // namespace

std::string coarse_duration(int64_t seconds) {
  auto s = static_cast<long long>(seconds);
  if (s < 0) { // not a duration anyone shows; printf's text as before
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%lldm%02llds", s / 60, s % 60);
    return buf;
  }
  if (s < 3600)
    return two_units(s / 60, 'm', s % 60, 's');
  if (s < 86400)
    return two_units(s / 3600, 'h', (s / 60) % 60, 'm');
  return two_units(s / 86400, 'd', (s / 3600) % 24, 'h');
}

} // namespace hummel
