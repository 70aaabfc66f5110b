#include "actors/cluster_view.hpp"

#include "actors/detail/clock.hpp"
#include "common/clock.hpp"
#include "config/load.hpp"
#include "messages/error.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>
#include <chrono>

namespace hummel {

void latency_histogram::add(double ms) {
  auto i = static_cast<size_t>(std::max(0.0, ms) * 10);
  ++counts[std::min(i, buckets - 1)];
  ++total;
  max_ms = std::max(max_ms, ms);
}

propagation_stats latency_histogram::stats() const {
  propagation_stats result;
  result.count = total;
  result.max_ms = max_ms;
  if (total == 0)
    return result;
  auto at = [&](double q) {
    auto rank = static_cast<uint64_t>(q * static_cast<double>(total - 1)) + 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < buckets; ++i) {
      seen += counts[i];
      if (seen >= rank)
        return i + 1 == buckets // the last bucket holds everything beyond
                 ? max_ms
                 : std::min(max_ms, (static_cast<double>(i) + 1) / 10);
    }
    return max_ms;
  };
  result.p50_ms = at(0.50);
  result.p99_ms = at(0.99);
  return result;
}

namespace {

using self_ptr = cluster_viewer_actor::stateful_pointer<cluster_view_state>;

/// Microseconds since the epoch, for latency samples. The system clock on
/// purpose: samples compare with origin publish times that peers took from
/// their own wall clocks, and need sub-millisecond precision (the actor's
/// clock, detail::wall_ms, has whole milliseconds).
double now_ms_precise() {
  using namespace std::chrono;
  return static_cast<double>(
           duration_cast<microseconds>(system_clock::now().time_since_epoch())
             .count())
         / 1000.0;
}

/// This node's entry, heard from at `now_ms`.
node_entry local_entry(const status_view& v, const std::string& listen,
                       int64_t now_ms) {
  node_entry e;
  e.name = v.node;
  e.address = listen;
  e.state = link_state::local;
  e.last_heard_ms = now_ms;
  e.view = std::make_shared<const status_view>(v);
  return e;
}

/// Adds the latency of every origin time waiting for this publish.
void take_samples(cluster_view_state& st) {
  auto now = now_ms_precise();
  for (auto t : st.origin_ms)
    st.latency.add(now - static_cast<double>(t));
  st.origin_ms.clear();
}

void schedule_flush(self_ptr self) {
  if (!self->state.flush_pending) {
    self->state.flush_pending = true;
    self->send(self, atom::flush_v);
  }
}

/// The link of node `key` (name or address), or an error.
caf::expected<cluster_link_actor> link_of(self_ptr self,
                                          const std::string& key) {
  auto& st = self->state;
  for (size_t i = 1; i < st.nodes.size(); ++i)
    if (st.nodes[i].name == key || st.nodes[i].address == key) {
      if (i - 1 >= st.links.size())
        break;
      return st.links[i - 1];
    }
  if (!st.nodes.empty() && st.nodes[0].name == key)
    return caf::make_error(ec::unreachable,
                           "'" + key + "' is this node; omit `node`");
  return caf::make_error(ec::unreachable, "no node named '" + key + "'");
}

/// The position of the peer at `address`, or -1.
ptrdiff_t peer_at(const cluster_view_state& st, const std::string& address) {
  for (size_t i = 0; i < st.slot_ids.size(); ++i)
    if (st.nodes[i + 1].address == address)
      return static_cast<ptrdiff_t>(i);
  return -1;
}

/// Ends the link of peer `i` (unlinked first: its exit must not end us).
void end_link(self_ptr self, size_t i) {
  auto& st = self->state;
  if (i >= st.links.size() || !st.links[i])
    return;
  self->unlink_from(st.links[i]);
  self->send_exit(st.links[i], caf::exit_reason::user_shutdown);
  st.links[i] = nullptr;
}

/// Links to a peer at position `pos` (appended when `pos` is the count).
void add_peer(self_ptr self, size_t pos, const std::string& address,
              const std::string& name, const std::string& credential) {
  auto& st = self->state;
  auto lc = st.cfg.link;
  lc.slot = st.next_slot++;
  lc.address = address;
  if (!address.empty() && address.front() == '/') {
    lc.host = address;
    lc.port = st.cfg.unix_port;
  } else {
    auto hp = split_host_port(lc.address);
    lc.host = hp ? hp->host : lc.address;
    lc.port = hp ? hp->port : 0;
  }
  lc.view = self;
  lc.local = st.cfg.local;
  lc.credential = credential;
  lc.name = name;
  node_entry e;
  e.name = name.empty() ? lc.address : name;
  e.address = lc.address;
  e.tls = lc.tls;
  cluster_link_actor link;
  if (st.cfg.spawn_links) {
    link = self->spawn(cluster_link, std::move(lc));
    self->link_to(link);
  }
  if (pos == st.slot_ids.size()) {
    st.nodes.push_back(std::move(e));
    st.slot_ids.push_back(st.next_slot - 1);
    if (st.cfg.spawn_links)
      st.links.push_back(std::move(link));
  } else {
    e.view = st.nodes[pos + 1].view; // kept (stale) until the new link reports
    e.state = e.view ? link_state::stale : link_state::connecting;
    st.nodes[pos + 1] = std::move(e);
    st.slot_ids[pos] = st.next_slot - 1;
    if (pos < st.links.size())
      st.links[pos] = std::move(link);
  }
  st.node_names.reset();
}

/// Publishes the merged view, unless the epoch backlog is over its limit.
void flush(self_ptr self) {
  auto& st = self->state;
  if (epoch::backlog() > st.cfg.max_backlog) {
    // flush_pending stays set: reports merge into the retry's publish.
    ++st.deferred;
    count_deferred_publish();
    self->delayed_send(self, backlog_retry, atom::flush_v);
    return;
  }
  st.flush_pending = false;
  take_samples(st);
  auto v = std::make_unique<cluster_view>();
  v->version = ++st.version;
  v->built_ms = detail::wall_ms(self);
  v->nodes = st.nodes;
  if (!st.node_names) {
    auto idx = std::make_shared<name_index>();
    for (uint32_t i = 0; i < st.nodes.size(); ++i) {
      if (!st.nodes[i].address.empty())
        idx->emplace(st.nodes[i].address, i);
      (*idx)[st.nodes[i].name] = i; // a name wins over an address
    }
    st.node_names = std::move(idx);
  }
  v->node_names = st.node_names;
  v->propagation = st.latency.stats();
  st.cfg.cell->publish(std::move(v));
  for (const auto& w : st.watchers)
    self->send(w, atom::watch_v, st.version);
}

template <class Atom>
caf::result<process_snapshot> command(self_ptr self, Atom what,
                                      const std::string& node,
                                      const std::string& name) {
  auto link = link_of(self, node);
  if (!link)
    return std::move(link.error());
  return self->delegate(*link, what, name);
}

} // namespace

std::unique_ptr<const cluster_view>
make_local_cluster_view(const status_view& local, std::string listen) {
  auto v = std::make_unique<cluster_view>();
  v->built_ms = wall_ms();
  v->nodes.push_back(local_entry(local, listen, v->built_ms));
  return v;
}

cluster_viewer_actor::behavior_type
cluster_viewer(cluster_viewer_actor::stateful_pointer<cluster_view_state> self,
               cluster_view_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.nodes.push_back(st.cfg.local->with([&](const status_view& v) {
    return local_entry(v, st.cfg.listen, detail::wall_ms(self));
  }));
  st.nodes[0].remote_control = st.cfg.remote_control;
  st.nodes[0].tls = st.cfg.tls;
  for (const auto& address : st.cfg.peers)
    add_peer(self, st.slot_ids.size(), address, "", "");
  self->set_down_handler([self](const caf::down_msg& dm) {
    std::erase_if(self->state.watchers,
                  [&](const auto& w) { return w.address() == dm.source; });
  });
  self->send(st.cfg.cache, atom::subscribe_v,
             caf::actor_cast<status_subscriber_actor>(self));
  schedule_flush(self);
  return {
    [self](atom::delta, const status_delta&) {
      auto& st = self->state;
      auto name = st.nodes[0].name;
      st.nodes[0] = st.cfg.local->with([&](const status_view& v) {
        return local_entry(v, st.cfg.listen, detail::wall_ms(self));
      });
      if (st.nodes[0].name != name)
        st.node_names.reset();
      st.nodes[0].remote_control = st.cfg.remote_control;
      st.nodes[0].tls = st.cfg.tls;
      schedule_flush(self);
    },
    [self](atom::report, peer_report& r) {
      auto& st = self->state;
      auto at = std::find(st.slot_ids.begin(), st.slot_ids.end(), r.slot);
      if (at == st.slot_ids.end())
        return; // a link that was replaced or removed
      auto& slot = st.nodes[static_cast<size_t>(at - st.slot_ids.begin()) + 1];
      if (slot.name != r.entry.name)
        st.node_names.reset();
      slot = std::move(r.entry);
      st.origin_ms.insert(st.origin_ms.end(), r.origin_ms.begin(),
                          r.origin_ms.end());
      if (st.origin_ms.size() > max_pending_samples)
        take_samples(st);
      schedule_flush(self);
    },
    [self](atom::flush) { flush(self); },
    [self](atom::subscribe, cluster_watcher_actor& w) {
      self->monitor(w);
      self->state.watchers.push_back(std::move(w));
    },
    [self](atom::run, const std::string& node, const std::string& name) {
      return command(self, atom::run_v, node, name);
    },
    [self](atom::stop, const std::string& node, const std::string& name) {
      return command(self, atom::stop_v, node, name);
    },
    [self](atom::restart, const std::string& node, const std::string& name) {
      return command(self, atom::restart_v, node, name);
    },
    [self](caf::put_atom, const std::string& address, const std::string& name,
           const std::string& credential) {
      auto i = peer_at(self->state, address);
      if (i >= 0)
        end_link(self, static_cast<size_t>(i));
      add_peer(self,
               i >= 0 ? static_cast<size_t>(i) : self->state.slot_ids.size(),
               address, name, credential);
      schedule_flush(self);
    },
    [self](caf::delete_atom, const std::string& address) {
      auto& st = self->state;
      auto i = peer_at(st, address);
      if (i < 0)
        return;
      end_link(self, static_cast<size_t>(i));
      auto pos = static_cast<size_t>(i);
      st.nodes.erase(st.nodes.begin() + static_cast<ptrdiff_t>(pos) + 1);
      st.slot_ids.erase(st.slot_ids.begin() + i);
      if (pos < st.links.size())
        st.links.erase(st.links.begin() + i);
      st.node_names.reset();
      schedule_flush(self);
    },
    [self](atom::shutdown) {
      for (auto& link : self->state.links)
        if (link)
          self->send_exit(link, caf::exit_reason::user_shutdown);
      self->state.links.clear();
      return true;
    },
  };
}

} // namespace hummel
