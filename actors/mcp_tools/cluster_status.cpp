// cluster_status: this node and every peer, from the cluster view cell.

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "actors/status_cache.hpp"
#include "messages/status_json.hpp"
#include "viewcell/epoch.hpp"

#include <map>

namespace hummel::mcp_tools {

using nlohmann::json;

json node_json(const node_entry& n, int64_t now) {
  // This node is always "heard".
  auto heard = n.state == link_state::local ? now : n.last_heard_ms;
  std::map<std::string, int64_t> counts;
  size_t total = 0;
  uint64_t version = 0;
  if (n.view) {
    version = n.view->version;
    n.view->processes.for_each([&](const snapshot_ptr& x) {
      if (x) {
        ++counts[std::string{to_string(x->status)}];
        ++total;
      }
    });
  }
  json c = json::object();
  for (auto& [k, v] : counts)
    c[k] = v;
  return json{{"name", n.name},
              {"address", n.address.empty() ? json() : json(n.address)},
              {"state", std::string{to_string(n.state)}},
              {"last_heard", iso_time(heard)},
              {"last_heard_ms_ago",
               heard == 0 ? json() : json(std::max<int64_t>(0, now - heard))},
              {"view_version", version},
              {"processes", total},
              {"counts", std::move(c)},
              {"tls", n.tls},
              {"remote_control", n.remote_control},
              {"error", n.error.empty() ? json() : json(n.error)}};
}

namespace {

/// This daemon's view cell domain: the reader mode, the backlog of retired
/// views, and the oldest open read section holding it (so a stuck reader
/// can be named by its thread id).
json view_cell_json() {
  const auto st = epoch::stats();
  return json{{"mode", st.membarrier ? "membarrier" : "fenced"},
              {"fenced_switches", st.fenced_switches},
              {"backlog", st.backlog},
              {"oldest_pin_ms", st.oldest_pin_ms},
              {"oldest_pin_thread",
               st.oldest_pin_tid == 0 ? json() : json(st.oldest_pin_tid)},
              {"deferred_publishes", deferred_publishes()},
              {"scans", st.scans},
              {"reader_slots", st.slots_in_use}};
}

} // namespace

mcp::tool_outcome cluster_from_views(const mcp_context& ctx, int64_t now) {
  auto local = ctx.cell->with([](const status_view& v) { return v.node; });
  if (ctx.cluster_cell == nullptr)
    return tool_fail("no cluster view");
  auto view = ctx.cluster_cell->read();
  auto nodes = json::array();
  for (const auto& n : view->nodes)
    nodes.push_back(node_json(n, now));
  const auto& p = view->propagation;
  return tool_ok({{"node", local},
                  {"view_version", view->version},
                  {"nodes", std::move(nodes)},
                  {"propagation",
                   {{"count", p.count},
                    {"p50_ms", p.p50_ms},
                    {"p99_ms", p.p99_ms},
                    {"max_ms", p.max_ms}}},
                  {"view_cell", view_cell_json()}});
}

mcp::cancel_fn cluster_status(mcp_backend& be, mcp::tool_call call) {
  call.done(cluster_from_views(be.ctx(), be.now_ms()));
  return {};
}

} // namespace hummel::mcp_tools
