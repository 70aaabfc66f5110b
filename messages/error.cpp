#include "messages/error.hpp"

namespace hummel {

std::string to_string(ec x) {
  switch (x) {
  case ec::unknown_process:
    return "unknown_process";
  case ec::not_permitted:
    return "not_permitted";
  case ec::unreachable:
    return "unreachable";
  case ec::io_failed:
    return "io_failed";
  case ec::spawn_failed:
    return "spawn_failed";
  case ec::invalid_config:
    return "invalid_config";
  case ec::dependency_failed:
    return "dependency_failed";
  case ec::crashed:
    return "crashed";
  case ec::shutting_down:
    return "shutting_down";
  case ec::timeout:
    return "timeout";
  }
  return "unknown";
}

std::string reason_of(const caf::error& err) {
  if (!err)
    return {}; // context() requires an error
  const auto& ctx = err.context();
  if (ctx.size() == 1 && ctx.match_element<std::string>(0))
    return ctx.get_as<std::string>(0);
  return {};
}

} // namespace hummel
