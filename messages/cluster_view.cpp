#include "messages/cluster_view.hpp"

namespace hummel {

std::string_view to_string(link_state x) noexcept {
  switch (x) {
  case link_state::local:
    return "local";
  case link_state::connecting:
    return "connecting";
  case link_state::linked:
    return "linked";
  case link_state::stale:
    return "stale";
  }
  return "unknown";
}

} // namespace hummel
