#include "mcp/protocol.hpp"

namespace hummel::mcp {

namespace {

constexpr std::array<std::string_view, 8> level_names
  = {"debug", "info",     "notice", "warning",
     "error", "critical", "alert",  "emergency"};

} // namespace

bool is_legacy_version(std::string_view v) noexcept {
  for (auto x : legacy_versions)
    if (x == v)
      return true;
  return false;
}

std::optional<log_level> parse_log_level(std::string_view x) noexcept {
  for (size_t i = 0; i < level_names.size(); ++i)
    if (level_names[i] == x)
      return static_cast<log_level>(i);
  return std::nullopt;
}

std::string_view to_string(log_level x) noexcept {
  auto i = static_cast<size_t>(x);
  return i < level_names.size() ? level_names[i] : "info";
}

} // namespace hummel::mcp
