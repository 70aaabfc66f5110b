#include "actors/status_cache.hpp"

#include "common/clock.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>
#include <chrono>

namespace hummel {

void fold_snapshot(status_cache_state& st, snapshot_ptr x) {
  st.changed.push_back(x);
  st.builder.fold(std::move(x));
}

void publish_view(status_cache_state& st) {
  st.built_ms = wall_ms();
  st.cell->publish(st.builder.build(++st.version, st.node, st.built_ms));
  ++st.publishes;
}

std::unique_ptr<const status_view> make_empty_view(std::string node) {
  auto view = std::make_unique<status_view>();
  view->node = std::move(node);
  view->built_ms = wall_ms();
  view->names = std::make_shared<const name_index>();
  return view;
}

namespace {

/// Publishes what was folded since the last publish and sends the delta.
void flush(status_cache_actor::stateful_pointer<status_cache_state> self) {
  auto& st = self->state;
  if (st.changed.empty() && st.removed.empty())
    return;
  auto from = st.version;
  bool list_changed = st.builder.names_changed();
  publish_view(st);
  status_delta delta{from,
                     st.version,
                     std::move(st.changed),
                     st.built_ms,
                     std::move(st.removed),
                     list_changed};
  st.changed.clear();
  st.removed.clear();
  for (auto& sub : st.subscribers)
    self->send(sub, atom::delta_v, delta);
}

} // namespace

status_cache_actor::behavior_type
status_cache(status_cache_actor::stateful_pointer<status_cache_state> self,
             view_cell<status_view>* cell, std::string node) {
  self->state.cell = cell;
  self->state.node = std::move(node);
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& subs = self->state.subscribers;
    subs.erase(
      std::remove_if(subs.begin(), subs.end(),
                     [&](const auto& x) { return x.address() == dm.source; }),
      subs.end());
  });
  auto schedule_flush = [self] {
    // Everything already in the mailbox comes before this flush, so a
    // burst of updates costs one publish.
    if (!self->state.flush_pending) {
      self->state.flush_pending = true;
      self->send(self, atom::flush_v);
    }
  };
  return {
    [self, schedule_flush](atom::update, snapshot_ptr& x) {
      auto& gone = self->state.gone;
      if (!x || (x->index < gone.size() && gone[x->index]))
        return;
      fold_snapshot(self->state, std::move(x));
      schedule_flush();
    },
    [self, schedule_flush](atom::remove, uint32_t index) {
      auto& st = self->state;
      if (st.gone.size() <= index)
        st.gone.resize(index + 1, false);
      st.gone[index] = true;
      st.builder.remove(index);
      st.removed.push_back(index);
      schedule_flush();
    },
    [self](atom::flush) {
      self->state.flush_pending = false;
      flush(self);
    },
    [self](atom::subscribe, status_subscriber_actor& sub) {
      self->monitor(sub);
      self->state.subscribers.push_back(std::move(sub));
    },
    [self](atom::status, const std::string& name) -> snapshot_ptr {
      return self->state.builder.find(name);
    },
    [self](atom::status, atom::all) {
      std::vector<snapshot_ptr> result;
      const auto& xs = self->state.builder.processes();
      result.reserve(xs.size());
      xs.for_each([&](const snapshot_ptr& x) { result.push_back(x); });
      return result;
    },
    [self](atom::status) { return self->state.version; },
    [self](atom::sync) {
      // The pending flush message (if any) then finds nothing to publish.
      flush(self);
      return self->state.version;
    },
  };
}

} // namespace hummel
