#include "actors/status_cache.hpp"

#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>
#include <chrono>

namespace hummel {

namespace {} // namespace

void fold_snapshot(status_cache_state& st, snapshot_ptr x) {
  auto index = x->index;
  while (st.processes.size() <= index)
    st.processes = st.processes.push_back(nullptr);
  auto& old = st.processes[index];
  if (!old || old->name != x->name) {
    if (!st.new_names)
      st.new_names = st.names ? std::make_shared<name_index>(*st.names)
                              : std::make_shared<name_index>();
    if (old)
      st.new_names->erase(old->name);
    (*st.new_names)[x->name] = index;
  }
  st.changed.push_back(x);
  st.processes = st.processes.set(index, std::move(x));
}

void publish_view(status_cache_state& st) {
  if (st.new_names) {
    st.names = std::move(st.new_names);
    st.new_names.reset();
  }
  auto view = std::make_unique<status_view>();
  view->version = ++st.version;
  view->node = st.node;
  view->built_ms = wall_ms();
  view->processes = st.processes;
  view->names = st.names;
  st.cell->publish(std::move(view));
  ++st.publishes;
}

std::unique_ptr<const status_view> make_empty_view(std::string node) {
  auto view = std::make_unique<status_view>();
  view->node = std::move(node);
  view->built_ms = wall_ms();
  view->names = std::make_shared<const name_index>();
  return view;
}

status_cache_actor::behavior_type
status_cache(status_cache_actor::stateful_pointer<status_cache_state> self,
             view_cell<status_view>* cell, std::string node) {
  self->state.cell = cell;
  self->state.node = std::move(node);
  self->state.names = std::make_shared<const name_index>();
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& subs = self->state.subscribers;
    subs.erase(
      std::remove_if(subs.begin(), subs.end(),
                     [&](const auto& x) { return x.address() == dm.source; }),
      subs.end());
  });
  return {
    [self](atom::update, snapshot_ptr& x) {
      if (!x)
        return;
      fold_snapshot(self->state, std::move(x));
      // Everything already in the mailbox comes before this flush, so a
      // burst of updates costs one publish.
      if (!self->state.flush_pending) {
        self->state.flush_pending = true;
        self->send(self, atom::flush_v);
      }
    },
    [self](atom::flush) {
      auto& st = self->state;
      st.flush_pending = false;
      if (st.changed.empty())
        return;
      auto from = st.version;
      publish_view(st);
      status_delta delta{from, st.version, std::move(st.changed)};
      st.changed.clear();
      for (auto& sub : st.subscribers)
        self->send(sub, atom::delta_v, delta);
    },
    [self](atom::subscribe, status_subscriber_actor& sub) {
      self->monitor(sub);
      self->state.subscribers.push_back(std::move(sub));
    },
    [self](atom::status, const std::string& name) -> snapshot_ptr {
      auto& st = self->state;
      const auto& names = st.new_names ? *st.new_names : *st.names;
      auto i = names.find(name);
      if (i == names.end())
        return nullptr;
      return st.processes[i->second];
    },
    [self](atom::status, atom::all) {
      std::vector<snapshot_ptr> result;
      result.reserve(self->state.processes.size());
      self->state.processes.for_each(
        [&](const snapshot_ptr& x) { result.push_back(x); });
      return result;
    },
    [self](atom::status) { return self->state.version; },
  };
}

} // namespace hummel
