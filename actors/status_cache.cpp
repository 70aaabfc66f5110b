#include "actors/status_cache.hpp"

#include "common/clock.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>

namespace hummel {

namespace {

std::atomic<uint64_t> deferred_total{0};

} // namespace

uint64_t deferred_publishes() noexcept {
  return deferred_total.load(std::memory_order_relaxed);
}

void count_deferred_publish() noexcept {
  deferred_total.fetch_add(1, std::memory_order_relaxed);
}

bool publish_if_room(status_cache_state& st) {
  if (epoch::backlog() > st.max_backlog) {
    ++st.deferred;
    count_deferred_publish();
    return false;
  }
  publish_view(st);
  return true;
}

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

using self_ptr = status_cache_actor::stateful_pointer<status_cache_state>;

/// Answers the `sync` requests that waited for a publish.
void answer_syncs(self_ptr self) {
  auto& st = self->state;
  for (auto& rp : st.sync_waiters)
    rp.deliver(st.version);
  st.sync_waiters.clear();
}

/// Publishes what was folded since the last publish and sends the delta.
/// Over the backlog limit: publishes nothing and retries later, folding
/// whatever arrives meanwhile into that one publish. Returns false then.
bool flush(self_ptr self) {
  auto& st = self->state;
  if (st.changed.empty() && st.removed.empty()) {
    answer_syncs(self);
    return true;
  }
  auto from = st.version;
  bool list_changed = st.builder.names_changed();
  // A mass start (thousands of processes, each adding its name as it
  // starts) would copy the growing name index once per publish: a list
  // change of a large project waits a little so that the names coalesce.
  auto now = self->clock().now();
  if (list_changed && st.builder.processes().size() >= names_coalesce_from
      && now - st.last_list_publish < names_coalesce) {
    if (!st.flush_pending) {
      st.flush_pending = true;
      self->delayed_send(self, names_coalesce, atom::flush_v);
    }
    return false;
  }
  if (!publish_if_room(st)) {
    if (!st.flush_pending) {
      st.flush_pending = true;
      self->delayed_send(self, backlog_retry, atom::flush_v);
    }
    return false;
  }
  if (list_changed)
    st.last_list_publish = now;
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
  answer_syncs(self);
  return true;
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
    [self](atom::sync) -> caf::result<uint64_t> {
      // The pending flush message (if any) then finds nothing to publish.
      auto& st = self->state;
      if (flush(self) || st.sync_waiters.size() >= 64)
        return st.version;
      auto rp = self->make_response_promise<uint64_t>();
      st.sync_waiters.push_back(rp);
      return rp;
    },
  };
}

} // namespace hummel
