#include "messages/process_snapshot.hpp"

namespace hummel {

std::string_view to_string(process_status x) noexcept {
  switch (x) {
  case process_status::idle:
    return "idle";
  case process_status::waiting:
    return "waiting";
  case process_status::running:
    return "running";
  case process_status::stopping:
    return "stopping";
  case process_status::backoff:
    return "backoff";
  case process_status::succeeded:
    return "succeeded";
  case process_status::failed:
    return "failed";
  case process_status::stopped:
    return "stopped";
  case process_status::crashed:
    return "crashed";
  }
  return "unknown";
}

} // namespace hummel
