#include "main/daemon/reactor_launcher.hpp"

#include "messages/interfaces.hpp"

#include <caf/actor_cast.hpp>
#include <caf/send.hpp>

namespace hummel {

reactor_launcher::reactor_launcher(reactor::options opts) {
  reactor_ = std::make_unique<reactor::reactor>(std::move(opts),
                                                static_cast<sink&>(*this));
}

reactor_launcher::~reactor_launcher() {
  // Stops the reactor thread (killing what still runs) before the routing
  // table goes away.
  reactor_.reset();
}

std::variant<int, std::string>
reactor_launcher::spawn(launch_request req, const caf::actor& owner) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    owners_[req.child] = owner;
  }
  reactor::spawn_request sr;
  sr.id = req.child;
  sr.argv = std::move(req.argv);
  sr.cwd = std::move(req.cwd);
  sr.env = std::move(req.env);
  sr.run_marker = std::move(req.marker);
  auto id = sr.id;
  // Queued: the caller (a PROCESS actor on a CAF worker) does not wait for
  // the clone; the pid or the failure comes as a message.
  auto error = reactor_->start(std::move(sr));
  if (error.empty())
    return spawn_queued;
  std::lock_guard<std::mutex> guard{mtx_};
  owners_.erase(id);
  return error;
}

void reactor_launcher::stop(uint64_t child, int signal,
                            std::chrono::milliseconds grace) {
  reactor_->stop(child, signal, grace);
}

void reactor_launcher::kill_all() {
  reactor_->kill_all();
}

caf::actor reactor_launcher::owner_of(reactor::child_id id) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = owners_.find(id);
  return i == owners_.end() ? caf::actor{} : i->second;
}

caf::actor reactor_launcher::take_owner(reactor::child_id id) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = owners_.find(id);
  if (i == owners_.end())
    return {};
  auto owner = std::move(i->second);
  owners_.erase(i);
  return owner;
}

void reactor_launcher::on_started(reactor::child_id id, int pid,
                                  int64_t start_ms) {
  if (auto owner = owner_of(id))
    caf::anon_send(caf::actor_cast<process_actor>(owner), atom::started_v,
                   uint64_t{id}, int32_t{pid}, start_ms);
}

void reactor_launcher::on_start_failed(reactor::child_id id,
                                       std::string error) {
  if (auto owner = take_owner(id))
    caf::anon_send(caf::actor_cast<process_actor>(owner), atom::started_v,
                   uint64_t{id}, std::move(error));
}

void reactor_launcher::on_output(reactor::child_id id, log_stream stream,
                                 std::vector<std::string> lines) {
  if (auto owner = owner_of(id)) {
    caf::anon_send(caf::actor_cast<process_actor>(owner), atom::output_v,
                   uint64_t{id}, static_cast<uint8_t>(stream),
                   std::move(lines));
    return;
  }
  size_t bytes = 0; // nobody to hand them to: taken at once
  for (const auto& l : lines)
    bytes += l.size() + 1;
  if (auto* r = reactor_.get()) // null while ~reactor delivers the rest
    r->consumed(id, bytes);
}

void reactor_launcher::consumed(uint64_t child, size_t bytes) {
  if (auto* r = reactor_.get())
    r->consumed(child, bytes);
}

void reactor_launcher::on_exit(reactor::child_id id, reactor::exit_info x) {
  if (auto owner = take_owner(id))
    caf::anon_send(caf::actor_cast<process_actor>(owner), atom::exited_v,
                   uint64_t{id}, int32_t{x.code}, int32_t{x.signal},
                   x.requested);
}

void reactor_launcher::on_usage(reactor::child_id id, reactor::usage u) {
  if (auto owner = owner_of(id))
    caf::anon_send(caf::actor_cast<process_actor>(owner), atom::usage_v,
                   uint64_t{id}, u.cpu_percent, uint64_t{u.rss_bytes});
}

} // namespace hummel
