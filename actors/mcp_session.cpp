#include "actors/mcp_session.hpp"

#include "actors/detail/clock.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "actors/mcp_watch.hpp"
#include "mcp/resources.hpp"

#include <caf/event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include <chrono>

namespace hummel {

namespace {

using self_ptr = mcp_session_actor::stateful_pointer<mcp_session_state>;

/// Schedules a tick for the engine's next rate-limited update, if any.
void arm_timer(self_ptr self) {
  auto& st = self->state;
  if (st.tick_pending || !st.engine)
    return;
  auto due = st.engine->next_deadline();
  if (!due)
    return;
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(
    *due - detail::now(self));
  st.tick_pending = true;
  self->delayed_send(self, std::max(delay, std::chrono::milliseconds{1}),
                     atom::tick_v);
}

/// Marks hummel://errors and hummel://errors/{name} for the processes of
/// `d` whose error count or newest headline changed.
void errors_changed(mcp_session_state& st, const status_delta& d,
                    mcp::engine_clock::time_point now) {
  std::vector<std::string> uris;
  for (const auto& x : d.changed) {
    if (!x)
      continue;
    auto& seen = st.errors_seen[x->name];
    if (seen.first == x->error_count && seen.second == x->last_error)
      continue;
    seen = {x->error_count, x->last_error};
    uris.push_back(
      mcp::make_resource_uri({mcp::resource_ref::kind::errors, x->name}));
  }
  if (uris.empty())
    return;
  uris.emplace_back(mcp::errors_uri);
  st.engine->resources_changed(uris, now);
}

} // namespace

mcp_session_actor::behavior_type
mcp_session(mcp_session_actor::stateful_pointer<mcp_session_state> self,
            const mcp_context* ctx, mcp::engine_config cfg) {
  auto& st = self->state;
  st.ctx = ctx;
  st.backend = std::make_unique<mcp_backend>(self, ctx);
  // The daemon's tool table goes with the daemon's backend: its handlers
  // expect an mcp_backend (actors/mcp_tools/table.cpp).
  cfg.tools = mcp_tools::table();
  if (ctx->hub_projects) {
    cfg.tools = mcp_tools::hub_table();
    cfg.instructions
      = "The hummel hub: every project of this user on this machine, each "
        "supervised by its own hummel daemon. projects_list names them; "
        "scripts_status, scripts_list and logs_errors read every project "
        "(or `project`); scripts_run, scripts_stop and scripts_restart act "
        "in the `project` named and return once it has happened.";
  }
  st.engine = std::make_unique<mcp::engine>(*st.backend, std::move(cfg));
  // Resource updates follow the STATUS CACHE's deltas.
  self->send(ctx->cache, atom::subscribe_v,
             caf::actor_cast<status_subscriber_actor>(self));
  return {
    [self](atom::request, mcp_request& req) {
      auto& st = self->state;
      if (!req.reply)
        return;
      auto key = req.key;
      auto reply = req.reply;
      auto out = [self, key, reply](mcp::output x) {
        bool final = x.kind != mcp::output_kind::notification;
        reply->emit(x);
        if (final && key != 0)
          self->state.exchanges.erase(key);
      };
      st.backend->set_caller(std::move(req.who));
      st.backend->set_channel(req.reply);
      auto id = st.engine->handle(req.body, std::move(out),
                                  req.http ? &req.headers : nullptr);
      if (id != 0 && key != 0)
        st.exchanges[key] = id;
      arm_timer(self);
    },
    [self](atom::close, uint64_t key) {
      auto& st = self->state;
      if (auto i = st.exchanges.find(key); i != st.exchanges.end()) {
        auto id = i->second;
        st.exchanges.erase(i);
        st.engine->close(id);
      }
    },
    [self](atom::stream, mcp_channel_ptr& ch) {
      if (!ch) {
        self->state.engine->set_stream({});
        return;
      }
      self->state.engine->set_stream([ch](mcp::output x) { ch->emit(x); });
    },
    [self](atom::tick) {
      auto& st = self->state;
      st.tick_pending = false;
      st.engine->on_timer(detail::now(self));
      arm_timer(self);
    },
    [self](atom::follow, uint64_t id) { self->state.backend->on_timer(id); },
    [self](atom::shutdown) {
      auto& st = self->state;
      st.backend->cancel_all();
      st.engine->shutdown();
      self->quit();
    },
    [self](atom::delta, const status_delta& d) {
      std::vector<std::string> names;
      names.reserve(d.changed.size());
      for (const auto& x : d.changed)
        names.push_back(x->name);
      self->state.engine->processes_changed(names, detail::now(self));
      errors_changed(self->state, d, detail::now(self));
      self->state.backend->on_snapshots(d.changed);
      if (d.list_changed)
        self->state.engine->resource_list_changed();
      // The watch feed: every delta, at once and in order.
      if (self->state.engine->watching())
        self->state.engine->watch_delta(
          d.to_version,
          watch_delta_params(self->state, d, self->state.backend->now_ms()));
      else
        self->state.watch_names.clear();
      arm_timer(self);
    },
    [self](atom::watch, uint64_t) {
      // The CLUSTER VIEW published: what changed for the cluster watches.
      auto& st = self->state;
      if (!st.engine->watching_cluster() || st.ctx->cluster_cell == nullptr)
        return;
      auto view = st.ctx->cluster_cell->read();
      if (view->version <= st.cluster_seen.version)
        return;
      if (auto params
          = cluster_watch_delta(st.cluster_seen, *view, st.backend->now_ms()))
        st.engine->watch_cluster_delta(view->version, *params);
    },
  };
}

} // namespace hummel
