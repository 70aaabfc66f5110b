#include "actors/detail/supervisor_reload.hpp"

#include "actors/detail/command_timeout.hpp"
#include "actors/process.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <functional>
#include <unordered_map>

namespace hummel::detail::supervisor_reload {

using namespace supervisor_steps;

namespace {

/// Counts the stops a reload waits for; answers the diff after the last.
struct pending_reload {
  caf::typed_response_promise<config_diff> promise;
  config_diff diff;
  size_t left = 0;

  void one_done() {
    if (--left == 0)
      promise.deliver(diff);
  }
};

using pending_ptr = std::shared_ptr<pending_reload>;

/// Stops the run of `i` (if any), then calls `then` on the SUPERVISOR.
/// Nothing may start `i` meanwhile (`wanted` is cleared by the caller).
void stop_then(self_ptr self, uint32_t i, std::function<void()> then) {
  auto& p = self->state.procs[i];
  auto timeout = detail::command_timeout(p.def->grace_period,
                                         detail::command_waiter::supervisor);
  self->request(p.handle, timeout, atom::stop_v)
    .then([then](snapshot_ptr&) { then(); },
          [then](caf::error&) {
            // The PROCESS actor did not answer in time: go on anyway; its
            // actor ends and with it any late report.
            then();
          });
}

/// Cancels whatever would start `p`: wanted, waiting, a scheduled restart.
void forget_wants(supervised& p) {
  p.wanted = false;
  p.waiting = false;
  ++p.generation; // cancels a scheduled restart
  p.consecutive = 0;
}

/// Answers the reload's part for `i` once its PROCESS actor has handled
/// everything sent to it so far (its first report, a start): by then the
/// snapshots are on their way to the STATUS CACHE, before the answer.
void settle(self_ptr self, uint32_t i, const pending_ptr& pending) {
  ++pending->left;
  self
    ->request(self->state.procs[i].handle, std::chrono::seconds{30},
              atom::status_v)
    .then([pending](snapshot_ptr&) { pending->one_done(); },
          [pending](caf::error&) { pending->one_done(); });
}

/// Ends the PROCESS actor `handle` without taking the SUPERVISOR along.
void end_actor(self_ptr self, const process_actor& handle) {
  self->unlink_from(handle);
  self->send_exit(handle, caf::exit_reason::user_shutdown);
}

/// Removes process `i`: stops it, ends its actor, empties its view slot.
void remove_process(self_ptr self, uint32_t i, const pending_ptr& pending) {
  auto& st = self->state;
  auto& p = st.procs[i];
  forget_wants(p);
  p.removed = true;
  st.by_name.erase(p.def->name);
  deliver_runs(p, caf::make_error(ec::unknown_process, p.def->name));
  ++pending->left;
  stop_then(self, i, [self, i, pending] {
    auto& p = self->state.procs[i];
    // The final snapshot reached the STATUS CACHE before the stop's answer
    // reached us, so the removal comes after it.
    self->send(self->state.cache, atom::remove_v, i);
    end_actor(self, p.handle);
    p.handle = nullptr;
    p.alive = p.ready = p.starting = false;
    pending->one_done();
  });
}

/// Replaces the definition of `i`: stops the run, replaces the actor,
/// starts again if it was wanted.
void replace_process(self_ptr self, uint32_t i,
                     std::shared_ptr<const process_def> def,
                     const pending_ptr& pending) {
  auto& p = self->state.procs[i];
  bool again = p.wanted || p.alive || p.starting;
  forget_wants(p);
  p.replacing = true;
  ++pending->left;
  stop_then(self, i, [self, i, def, again, pending] {
    auto& st = self->state;
    auto& p = st.procs[i];
    end_actor(self, p.handle);
    p.def = def;
    p.handle
      = self->spawn<caf::linked>(process, def, i, st.ctx, st.cache,
                                 caf::actor_cast<run_listener_actor>(self));
    p.replacing = false;
    p.alive = p.ready = false;
    if (again && !st.shutting_down) {
      p.next_reason = "configuration changed";
      want(self, i);
    }
    recheck_waiting(self);
    settle(self, i, pending);
    pending->one_done();
  });
}

/// Adds `def` at a fresh index (an ad-hoc process of that name is removed
/// first: the configuration wins).
uint32_t add_process(self_ptr self, std::shared_ptr<const process_def> def,
                     const pending_ptr& pending) {
  auto& st = self->state;
  if (auto known = st.by_name.find(def->name); known != st.by_name.end())
    remove_process(self, known->second, pending);
  auto index = static_cast<uint32_t>(st.procs.size());
  st.procs.emplace_back();
  st.by_name.emplace(def->name, index);
  auto& p = st.procs.back();
  p.def = def;
  p.handle
    = self->spawn<caf::linked>(process, def, index, st.ctx, st.cache,
                               caf::actor_cast<run_listener_actor>(self));
  return index;
}

} // namespace

caf::result<config_diff>
apply_reload(self_ptr self, std::shared_ptr<const project_config> next) {
  auto& st = self->state;
  if (st.shutting_down)
    return caf::make_error(ec::shutting_down);
  auto pending = std::make_shared<pending_reload>();
  pending->diff = diff_processes(*st.config, *next);
  pending->promise = self->make_response_promise<config_diff>();
  // Held while the steps below run, so an instant stop cannot answer early.
  pending->left = 1;
  std::unordered_map<std::string, const process_def*> defs;
  for (const auto& def : next->processes)
    defs.emplace(def.name, &def);
  st.config = next;
  const auto& d = pending->diff;
  for (const auto& name : d.removed)
    if (auto i = st.by_name.find(name); i != st.by_name.end())
      remove_process(self, i->second, pending);
  for (const auto& name : d.changed)
    replace_process(self, st.by_name.at(name),
                    std::make_shared<const process_def>(*defs.at(name)),
                    pending);
  std::vector<uint32_t> added;
  for (const auto& name : d.added)
    added.push_back(add_process(
      self, std::make_shared<const process_def>(*defs.at(name)), pending));
  // Unchanged processes keep their definition object: equal but for the
  // place in the file.
  link_dependencies(self);
  for (auto i : added)
    if (st.procs[i].def->autostart)
      want(self, i);
  recheck_waiting(self);
  for (auto i : added)
    settle(self, i, pending);
  auto rp = pending->promise;
  pending->one_done();
  return rp;
}

} // namespace hummel::detail::supervisor_reload
