#pragma once

// The real launcher: child processes through the I/O reactor, their events
// delivered to PROCESS actors as messages.
//
// Thread safety: `spawn` and `stop` are called from PROCESS actors on any
// CAF worker; the sink callbacks run on the reactor thread. A mutex guards
// the child → actor routing table; nothing else is shared.

#include "actors/launcher.hpp"
#include "reactor/reactor.hpp"

#include <caf/actor.hpp>

#include <memory>
#include <mutex>
#include <unordered_map>

namespace hummel {

/// Bridges the reactor (plain thread) and PROCESS actors (messages).
class reactor_launcher : public launcher, private reactor::sink {
public:
  explicit reactor_launcher(reactor::options opts);
  ~reactor_launcher() override;

  std::variant<int, std::string> spawn(launch_request req,
                                       const caf::actor& owner) override;

  void stop(uint64_t child, int signal,
            std::chrono::milliseconds grace) override;
  void consumed(uint64_t child, size_t bytes) override;

  /// SIGKILL to every child's tree now (second Ctrl-C).
  void kill_all();

private:
  void on_started(reactor::child_id, int pid, int64_t start_ms) override;
  void on_start_failed(reactor::child_id, std::string error) override;
  void on_output(reactor::child_id, log_stream,
                 std::vector<std::string> lines) override;
  void on_exit(reactor::child_id, reactor::exit_info) override;
  void on_usage(reactor::child_id, reactor::usage) override;

  caf::actor owner_of(reactor::child_id id);
  /// The owner of `id`, out of the table (its last event: no more come).
  caf::actor take_owner(reactor::child_id id);

  std::mutex mtx_;
  std::unordered_map<reactor::child_id, caf::actor> owners_;
  std::unique_ptr<reactor::reactor> reactor_;
};

} // namespace hummel
