#include "actors/supervisor.hpp"

#include "actors/detail/command_timeout.hpp"
#include "actors/detail/supervisor_reload.hpp"
#include "actors/detail/supervisor_steps.hpp"
#include "actors/process.hpp"

#include <caf/event_based_actor.hpp>

#include <chrono>

namespace hummel {

namespace {

using namespace detail::supervisor_steps;
using detail::supervisor_reload::apply_reload;

/// Spawns and links one PROCESS actor per definition; records the
/// dependency edges both ways. Each actor shares its definition with the
/// configuration instead of copying it (about 600 bytes a process); a
/// reload copies what it changes or adds, so an unchanged process keeps
/// at most this first configuration alive, not every one since.
void spawn_children(self_ptr self) {
  auto& st = self->state;
  const auto& config = st.config;
  auto listener = caf::actor_cast<run_listener_actor>(self);
  st.procs.reserve(config->processes.size());
  for (uint32_t i = 0; i < config->processes.size(); ++i) {
    auto def
      = std::shared_ptr<const process_def>(config, &config->processes[i]);
    st.by_name.emplace(def->name, i);
    supervised p;
    p.def = def;
    p.handle
      = self->spawn<caf::linked>(process, def, i, st.ctx, st.cache, listener);
    st.procs.push_back(std::move(p));
  }
  link_dependencies(self);
}

/// Runs an ad-hoc definition: a new PROCESS actor, or the ended one of
/// the same name replaced (same index, same log file).
caf::result<snapshot_ptr> run_adhoc(self_ptr self, const std::string& name,
                                    process_def& def) {
  auto& st = self->state;
  if (st.shutting_down)
    return caf::make_error(ec::shutting_down);
  def.name = name;
  auto known = st.by_name.find(name);
  uint32_t index = 0;
  if (known != st.by_name.end()) {
    index = known->second;
    auto& p = st.procs[index];
    if (!p.adhoc)
      return caf::make_error(ec::invalid_config,
                             "'" + name
                               + "' is a configured process; run it "
                                 "without a command");
    if (p.alive || p.starting)
      return self->delegate(p.handle, atom::status_v);
    // Replace the ended ad-hoc definition (same index, same log file).
    self->unlink_from(p.handle);
    self->send_exit(p.handle, caf::exit_reason::user_shutdown);
  } else {
    index = static_cast<uint32_t>(st.procs.size());
    st.procs.emplace_back();
    st.by_name.emplace(name, index);
  }
  auto& p = st.procs[index];
  p = supervised{};
  p.adhoc = true;
  p.def = std::make_shared<const process_def>(std::move(def));
  p.handle
    = self->spawn<caf::linked>(process, p.def, index, st.ctx, st.cache,
                               caf::actor_cast<run_listener_actor>(self));
  want(self, index);
  if (p.starting) {
    auto rp = self->make_response_promise<snapshot_ptr>();
    p.run_promises.push_back(rp);
    return rp;
  }
  return self->delegate(p.handle, atom::status_v);
}

/// Stops process `idx`, then starts it again; answers its new run.
caf::result<snapshot_ptr> restart(self_ptr self, uint32_t idx) {
  auto& p = self->state.procs[idx];
  p.wanted = false;
  ++p.generation;
  p.waiting = false;
  auto rp = self->make_response_promise<snapshot_ptr>();
  auto timeout = detail::command_timeout(p.def->grace_period,
                                         detail::command_waiter::supervisor);
  self->request(p.handle, timeout, atom::stop_v)
    .then(
      [self, idx, rp](snapshot_ptr&) mutable {
        auto& p = self->state.procs[idx];
        p.run_promises.push_back(rp);
        want(self, idx);
        if (!p.starting)
          self->request(p.handle, std::chrono::seconds{10}, atom::status_v)
            .then(
              [self, idx](snapshot_ptr& snap) {
                deliver_runs(self->state.procs[idx], snap);
              },
              [self, idx](caf::error& err) {
                deliver_runs(self->state.procs[idx], err);
              });
      },
      [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

} // namespace

supervisor_actor::behavior_type
supervisor(supervisor_actor::stateful_pointer<supervisor_state> self,
           std::shared_ptr<const project_config> config,
           const process_context* ctx, status_cache_actor cache) {
  auto& st = self->state;
  st.config = config;
  st.ctx = ctx;
  st.cache = cache;
  spawn_children(self);
  auto lookup = [self](const std::string& name) -> caf::expected<uint32_t> {
    auto i = self->state.by_name.find(name);
    if (i == self->state.by_name.end())
      return caf::make_error(ec::unknown_process, name);
    return i->second;
  };
  return {
    [self](atom::boot) {
      auto& procs = self->state.procs;
      for (uint32_t i = 0; i < procs.size(); ++i)
        if (!procs[i].removed && procs[i].def->autostart)
          want(self, i);
      return true;
    },
    [self, lookup](atom::run,
                   const std::string& name) -> caf::result<snapshot_ptr> {
      auto i = lookup(name);
      if (!i)
        return std::move(i.error());
      if (self->state.shutting_down)
        return caf::make_error(ec::shutting_down);
      auto& p = self->state.procs[*i];
      want(self, *i);
      if (p.starting) {
        auto rp = self->make_response_promise<snapshot_ptr>();
        p.run_promises.push_back(rp);
        return rp;
      }
      return self->delegate(p.handle, atom::status_v);
    },
    [self](atom::run, const std::string& name, process_def& def)
      -> caf::result<snapshot_ptr> { return run_adhoc(self, name, def); },
    [self, lookup](atom::stop,
                   const std::string& name) -> caf::result<snapshot_ptr> {
      auto i = lookup(name);
      if (!i)
        return std::move(i.error());
      auto& p = self->state.procs[*i];
      p.wanted = false;
      ++p.generation; // cancels a scheduled restart
      if (p.waiting) {
        p.waiting = false;
        mark(self, *i, process_status::stopped);
      } else if (!p.alive && !p.starting) {
        mark(self, *i, process_status::stopped);
      }
      return self->delegate(p.handle, atom::stop_v);
    },
    [self, lookup](atom::restart,
                   const std::string& name) -> caf::result<snapshot_ptr> {
      auto i = lookup(name);
      if (!i)
        return std::move(i.error());
      if (self->state.shutting_down)
        return caf::make_error(ec::shutting_down);
      return restart(self, *i);
    },
    [self, lookup](atom::logs,
                   const std::string& name) -> caf::result<process_actor> {
      auto i = lookup(name);
      if (!i)
        return std::move(i.error());
      return self->state.procs[*i].handle;
    },
    [self](atom::shutdown) -> caf::result<bool> {
      auto& st = self->state;
      st.shutting_down = true;
      for (uint32_t i = 0; i < st.procs.size(); ++i) {
        auto& p = st.procs[i];
        p.wanted = false;
        ++p.generation;
        if (p.waiting) {
          p.waiting = false;
          mark(self, i, process_status::stopped);
        }
      }
      auto rp = self->make_response_promise<bool>();
      st.shutdown_promises.push_back(rp);
      shutdown_step(self);
      return rp;
    },
    [self](atom::reload, std::shared_ptr<const project_config>& next)
      -> caf::result<config_diff> {
      if (!next)
        return caf::make_error(ec::invalid_config, "no configuration");
      return apply_reload(self, std::move(next));
    },
    [self](atom::due, uint32_t i, uint64_t gen) {
      auto& st = self->state;
      if (i >= st.procs.size())
        return;
      auto& p = st.procs[i];
      if (gen == p.generation && p.wanted)
        try_start(self, i);
    },
    [self](atom::event, const run_event& ev) { on_event(self, ev); },
  };
}

} // namespace hummel
