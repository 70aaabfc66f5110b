#include "actors/watch.hpp"

#include "common/log.hpp"
#include "messages/error.hpp"

#include <caf/event_based_actor.hpp>

namespace hummel {

namespace {

/// A look-up of a process by name; the SUPERVISOR answers at once.
constexpr std::chrono::seconds lookup_timeout{10};

/// Asks the SUPERVISOR for the PROCESS actor of `name`, then runs `then`.
template <class F>
void with_process(watch_actor::pointer self, const supervisor_actor& sup,
                  const std::string& name, F then) {
  self->request(sup, lookup_timeout, atom::logs_v, name)
    .then(std::move(then), [name](caf::error& err) {
      HUMMEL_LOG_WARN(daemon, "watch: no process '{}': {}", name,
                      caf::to_string(err));
    });
}

} // namespace

bool restarts_on_change(process_status status) noexcept {
  switch (status) {
  case process_status::running:
  case process_status::backoff:
  case process_status::failed:
  case process_status::crashed:
    return true;
  case process_status::idle:
  case process_status::waiting:
  case process_status::stopping:
  case process_status::succeeded:
  case process_status::stopped:
    return false;
  }
  return false;
}

watch_actor::behavior_type
file_watch_actor(watch_actor::pointer self, supervisor_actor sup,
                 std::chrono::milliseconds restart_timeout) {
  return {
    [self, sup, restart_timeout](atom::changed, const std::string& name,
                                 const std::string& reason) {
      with_process(self, sup, name, [=](process_actor proc) {
        self->request(proc, lookup_timeout, atom::status_v)
          .then(
            [=](snapshot_ptr snap) {
              if (!snap || !restarts_on_change(snap->status)) {
                HUMMEL_LOG_DEBUG(daemon, "{}: {}; not running, no restart",
                                 name, reason);
                return;
              }
              HUMMEL_LOG_INFO(daemon, "{}: {}; restarting", name, reason);
              // Enqueued before the SUPERVISOR's stop reaches the process.
              self->send(proc, atom::restart_v, reason);
              self->request(sup, restart_timeout, atom::restart_v, name)
                .then([](snapshot_ptr&) {},
                      [name](caf::error& err) {
                        HUMMEL_LOG_WARN(daemon, "{}: restart failed: {}", name,
                                        caf::to_string(err));
                      });
            },
            [](caf::error&) {});
      });
    },
    [self, sup](atom::watch, const std::string& name, const std::string& why) {
      with_process(self, sup, name, [self, why](process_actor proc) {
        self->send(proc, atom::watch_v, why);
      });
    },
  };
}

} // namespace hummel
