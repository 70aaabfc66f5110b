#include "main/daemon/reporter.hpp"

#include "common/log.hpp"
#include "messages/status_delta.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>

namespace hummel {

namespace {

/// What the reporter last saw of one process.
struct seen {
  process_status status = process_status::idle;
  bool ready = false;
  uint32_t run_id = 0;
};

/// Logs the new state of a process that changed state or run.
void report_state(const process_snapshot& x, bool became_ready) {
  switch (x.status) {
  case process_status::idle:
    break;
  case process_status::running:
    HUMMEL_LOG_INFO(daemon, "{}: started, pid {}{}", x.name, x.pid,
                    became_ready ? ", ready" : "");
    break;
  case process_status::failed:
  case process_status::succeeded:
  case process_status::stopped:
    if (!x.error.empty())
      HUMMEL_LOG_WARN(daemon, "{}: {}: {}", x.name, to_string(x.status),
                      x.error);
    else if (x.signal != 0)
      HUMMEL_LOG_INFO(daemon, "{}: {} by signal {}", x.name,
                      to_string(x.status), x.signal);
    else
      HUMMEL_LOG_INFO(daemon, "{}: {} with exit code {}", x.name,
                      to_string(x.status), x.exit_code);
    break;
  case process_status::backoff:
    HUMMEL_LOG_INFO(
      daemon, "{}: restart {} in {} ms", x.name, x.restarts + 1,
      std::max<int64_t>(0, x.restart_due_ms - std::max(x.end_ms, x.start_ms)));
    break;
  case process_status::crashed:
    HUMMEL_LOG_ERROR(daemon, "{}: crashed: {}", x.name, x.error);
    break;
  default:
    HUMMEL_LOG_INFO(daemon, "{}: {}", x.name, to_string(x.status));
  }
}

} // namespace

status_subscriber_actor::behavior_type
reporter(status_subscriber_actor::pointer self, status_cache_actor cache) {
  self->link_to(cache);
  auto last = std::make_shared<std::unordered_map<std::string, seen>>();
  return {
    [last](atom::delta, const status_delta& d) {
      for (const auto& snap : d.changed) {
        auto& prev = (*last)[snap->name];
        bool same_state
          = prev.status == snap->status && prev.run_id == snap->run_id;
        bool became_ready = snap->ready && !prev.ready;
        prev = {snap->status, snap->ready, snap->run_id};
        if (!same_state)
          report_state(*snap, became_ready);
        else if (became_ready && snap->status == process_status::running)
          HUMMEL_LOG_INFO(daemon, "{}: ready", snap->name);
      }
    },
  };
}

} // namespace hummel
