#include "actors/mcp_watch.hpp"

#include "actors/mcp_backend.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "messages/status_json.hpp"

#include <algorithm>

namespace hummel {

using nlohmann::json;

std::shared_ptr<json> mcp_backend::watch_snapshot() {
  auto now = now_ms();
  auto view = ctx_->cell->read();
  auto& names = self_->state.watch_names;
  names.clear();
  auto procs = json::array();
  view->processes.for_each([&](const snapshot_ptr& x) {
    if (!x)
      return;
    names[x->index] = x->name;
    procs.push_back(status_json(*x, now));
  });
  return std::make_shared<json>(json{{"version", view->version},
                                     {"node", view->node},
                                     {"time_ms", view->built_ms},
                                     {"processes", std::move(procs)}});
}

json watch_delta_params(mcp_session_state& st, const status_delta& d,
                        int64_t now_ms) {
  auto changed = json::array();
  for (const auto& x : d.changed) {
    if (!x)
      continue;
    st.watch_names[x->index] = x->name;
    changed.push_back(status_json(*x, now_ms));
  }
  auto removed = json::array();
  for (auto index : d.removed) {
    auto i = st.watch_names.find(index);
    if (i == st.watch_names.end())
      continue;
    removed.push_back(std::move(i->second));
    st.watch_names.erase(i);
  }
  return {{"from", d.from_version},        {"to", d.to_version},
          {"time_ms", d.built_ms},         {"changed", std::move(changed)},
          {"removed", std::move(removed)}, {"list_changed", d.list_changed}};
}

// -- the cluster watch --------------------------------------------------------

namespace {

/// The fields of the nodes that a client shows and that do not change with
/// every keep-alive.
std::string nodes_key(const cluster_view& v) {
  std::string k;
  for (const auto& n : v.nodes) {
    k += n.name;
    k += '\x1f';
    k += n.address;
    k += '\x1f';
    k += to_string(n.state);
    k += '\x1f';
    k += n.error;
    k += n.tls ? '1' : '0';
    k += n.remote_control ? '1' : '0';
    k += '\x1e';
  }
  return k;
}

json cluster_item(const process_snapshot& x, const std::string& node,
                  int64_t now_ms) {
  auto j = status_json(x, now_ms);
  j["node"] = node;
  return j;
}

json nodes_json(const cluster_view& v, int64_t now_ms) {
  auto nodes = json::array();
  for (const auto& n : v.nodes)
    nodes.push_back(mcp_tools::node_json(n, now_ms));
  return nodes;
}

json propagation_json(const propagation_stats& p) {
  return {{"count", p.count},
          {"p50_ms", p.p50_ms},
          {"p99_ms", p.p99_ms},
          {"max_ms", p.max_ms}};
}

/// Every process of `view` as changed (or removed) items of `node`.
void all_of(const std::shared_ptr<const status_view>& view,
            const std::string& node, int64_t now_ms, json* changed,
            json* removed) {
  if (!view)
    return;
  view->processes.for_each([&](const snapshot_ptr& x) {
    if (!x)
      return;
    if (changed != nullptr)
      changed->push_back(cluster_item(*x, node, now_ms));
    else
      removed->push_back({{"node", node}, {"name", x->name}});
  });
}

/// Processes of one node whose snapshot is not the one its client holds.
/// Returns whether the list of names changed.
bool diff_node(const status_view* was, const status_view* now,
               const std::string& node, int64_t now_ms, json& changed,
               json& removed) {
  bool list_changed = false;
  size_t a = was != nullptr ? was->size() : 0;
  size_t b = now != nullptr ? now->size() : 0;
  for (size_t j = 0; j < std::max(a, b); ++j) {
    const snapshot_ptr* p = j < a ? &was->processes[j] : nullptr;
    const snapshot_ptr* q = j < b ? &now->processes[j] : nullptr;
    auto pv = p != nullptr ? p->get() : nullptr;
    auto qv = q != nullptr ? q->get() : nullptr;
    if (pv == qv)
      continue;
    if (qv != nullptr) {
      changed.push_back(cluster_item(*qv, node, now_ms));
      list_changed = list_changed || pv == nullptr || pv->name != qv->name;
    } else {
      removed.push_back({{"node", node}, {"name", pv->name}});
      list_changed = true;
    }
  }
  return list_changed;
}

} // namespace

json cluster_watch_snapshot(cluster_watch_seen& seen, const cluster_view& v,
                            int64_t now_ms) {
  seen.slots.clear();
  auto procs = json::array();
  for (const auto& n : v.nodes) {
    seen.slots.push_back({n.name, n.view});
    all_of(n.view, n.name, now_ms, &procs, nullptr);
  }
  seen.nodes_key = nodes_key(v);
  seen.version = v.version;
  return {{"version", v.version},
          {"node", v.nodes.empty() ? std::string{} : v.nodes[0].name},
          {"time_ms", v.built_ms},
          {"cluster", true},
          {"nodes", nodes_json(v, now_ms)},
          {"propagation", propagation_json(v.propagation)},
          {"processes", std::move(procs)}};
}

std::optional<json> cluster_watch_delta(cluster_watch_seen& seen,
                                        const cluster_view& v, int64_t now_ms) {
  auto changed = json::array();
  auto removed = json::array();
  bool list_changed = false;
  for (size_t i = 0; i < std::max(seen.slots.size(), v.nodes.size()); ++i) {
    const auto* was = i < seen.slots.size() ? &seen.slots[i] : nullptr;
    const auto* now = i < v.nodes.size() ? &v.nodes[i] : nullptr;
    if (was != nullptr && now != nullptr && was->name == now->name) {
      if (was->view != now->view)
        list_changed |= diff_node(was->view.get(), now->view.get(), now->name,
                                  now_ms, changed, removed);
      continue;
    }
    // A node appeared, went, or is known by its name now (it was known by
    // its address): its processes move as a whole.
    if (was != nullptr)
      all_of(was->view, was->name, now_ms, nullptr, &removed);
    if (now != nullptr)
      all_of(now->view, now->name, now_ms, &changed, nullptr);
    list_changed = true;
  }
  seen.slots.resize(v.nodes.size());
  for (size_t i = 0; i < v.nodes.size(); ++i)
    seen.slots[i] = {v.nodes[i].name, v.nodes[i].view};
  auto key = nodes_key(v);
  if (changed.empty() && removed.empty() && key == seen.nodes_key)
    return std::nullopt;
  seen.nodes_key = std::move(key);
  json params{{"from", seen.version},
              {"to", v.version},
              {"time_ms", v.built_ms},
              {"cluster", true},
              {"changed", std::move(changed)},
              {"removed", std::move(removed)},
              {"nodes", nodes_json(v, now_ms)},
              {"propagation", propagation_json(v.propagation)},
              {"list_changed", list_changed}};
  seen.version = v.version;
  return params;
}

std::shared_ptr<json> mcp_backend::watch_cluster_snapshot() {
  if (ctx_->cluster_cell == nullptr)
    return nullptr;
  auto& seen = self_->state.cluster_seen;
  if (!seen.subscribed && ctx_->cluster) {
    self_->send(ctx_->cluster, atom::subscribe_v,
                caf::actor_cast<cluster_watcher_actor>(self_));
    seen.subscribed = true;
  }
  auto view = ctx_->cluster_cell->read();
  return std::make_shared<json>(cluster_watch_snapshot(seen, *view, now_ms()));
}

} // namespace hummel
