#include "common/duration_text.hpp"

#include <cstdio>

namespace hummel {

std::string coarse_duration(int64_t seconds) {
  auto s = static_cast<long long>(seconds);
  char buf[32];
  if (s < 3600)
    std::snprintf(buf, sizeof(buf), "%lldm%02llds", s / 60, s % 60);
  else if (s < 86400)
    std::snprintf(buf, sizeof(buf), "%lldh%02lldm", s / 3600, (s / 60) % 60);
  else
    std::snprintf(buf, sizeof(buf), "%lldd%02lldh", s / 86400, (s / 3600) % 24);
  return buf;
}

} // namespace hummel
