// The cluster side of the MCP tools: cluster_status, and scripts_* calls
// with a `node` other than this one. Reads come from the cluster view cell
// (no message); commands go to the CLUSTER VIEW, which forwards them over
// the node's link with a finite timeout.

#include "actors/mcp_backend.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>

namespace hummel {

using nlohmann::json;

namespace {

/// Longest a remote command may take (the remote side bounds it too).
constexpr auto remote_command_timeout = std::chrono::seconds{30};

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

/// Appends the processes of `n` (scripts_status items or scripts_list
/// items), each tagged with its node.
void add_processes(json& items, const node_entry& n, bool list,
                   const std::string& only, int64_t now) {
  if (!n.view)
    return;
  n.view->processes.for_each([&](const snapshot_ptr& x) {
    if (!x || (!only.empty() && x->name != only))
      return;
    auto item = list ? list_item_json(*x) : status_json(*x, now);
    item["node"] = n.name;
    items.push_back(std::move(item));
  });
}

} // namespace

bool mcp_backend::is_local_node(const std::string& node) const {
  if (node == ctx_->cell->read()->node)
    return true;
  if (ctx_->cluster_cell == nullptr)
    return false;
  auto view = ctx_->cluster_cell->read();
  return !view->nodes.empty() && !view->nodes[0].address.empty()
         && view->nodes[0].address == node;
}

void mcp_backend::cluster_status(mcp::tool_done done) {
  auto now = wall_ms();
  auto local = ctx_->cell->read()->node;
  if (ctx_->cluster_cell == nullptr)
    return done(tool_fail("no cluster view"));
  auto view = ctx_->cluster_cell->read();
  auto nodes = json::array();
  for (const auto& n : view->nodes)
    nodes.push_back(node_json(n, now));
  const auto& p = view->propagation;
  done(tool_ok({{"node", local},
                {"view_version", view->version},
                {"nodes", std::move(nodes)},
                {"propagation",
                 {{"count", p.count},
                  {"p50_ms", p.p50_ms},
                  {"p99_ms", p.p99_ms},
                  {"max_ms", p.max_ms}}}}));
}

void mcp_backend::on_node(const std::string& tool, const std::string& node,
                          const json& args, mcp::tool_done done) {
  auto now = wall_ms();
  if (ctx_->cluster_cell == nullptr)
    return done(tool_fail("this daemon has no cluster view"));
  bool list = tool == "scripts_list";
  if (list || tool == "scripts_status") {
    auto only = args.value("name", std::string{});
    auto view = ctx_->cluster_cell->read();
    auto items = json::array();
    if (node == "*") {
      for (const auto& n : view->nodes)
        add_processes(items, n, list, only, now);
      if (!only.empty() && items.empty())
        return done(
          tool_fail("no process or script named '" + only + "' on any node"));
      json result{{"processes", std::move(items)},
                  {"view_version", view->version},
                  {"node", "*"}};
      if (!list)
        result["view_age_ms"] = std::max<int64_t>(0, now - view->built_ms);
      return done(tool_ok(std::move(result)));
    }
    const auto* n = view->find(node);
    if (n == nullptr)
      return done(
        tool_fail("no node named '" + node + "' (see cluster_status)"));
    if (!n->view)
      return done(tool_fail("node '" + node + "' has not been reached yet ("
                            + std::string{to_string(n->state)}
                            + (n->error.empty() ? "" : ": " + n->error) + ")"));
    add_processes(items, *n, list, only, now);
    if (!only.empty() && items.empty())
      return done(tool_fail("no process or script named '" + only
                            + "' on node '" + n->name + "'"));
    json result{{"processes", std::move(items)},
                {"view_version", n->view->version},
                {"node", n->name},
                {"node_state", std::string{to_string(n->state)}}};
    if (!list)
      result["view_age_ms"] = std::max<int64_t>(0, now - n->view->built_ms);
    return done(tool_ok(std::move(result)));
  }
  if (node == "*")
    return done(
      tool_fail("`node: \"*\"` is for reads; name one node to act on"));
  if (tool == "scripts_run" && args.contains("command"))
    return done(tool_fail("ad-hoc commands run only on this node; omit node"));
  auto name = args.at("name").get<std::string>();
  auto sys = &self_->system();
  auto on_reply
    = [done](process_snapshot& x) { done(tool_ok(status_json(x, wall_ms()))); };
  auto on_error = [done, sys, name](caf::error& err) {
    done(tool_fail(describe(*sys, err, name)));
  };
  if (tool == "scripts_run") {
    // Running there already: answer from the cluster view, start nothing.
    auto view = ctx_->cluster_cell->read();
    if (const auto* n = view->find(node);
        n != nullptr && n->view && n->state == link_state::linked) {
      if (const auto* x = n->view->find(name); x && is_alive(x->status)) {
        auto result = status_json(*x, now);
        result["duplicate"] = true;
        return done(tool_ok(std::move(result)));
      }
    }
  }
  auto& cl = ctx_->cluster;
  if (tool == "scripts_run")
    self_->request(cl, remote_command_timeout, atom::run_v, node, name)
      .then(
        [done](process_snapshot& x) {
          auto result = status_json(x, wall_ms());
          result["duplicate"] = false;
          done(tool_ok(std::move(result)));
        },
        on_error);
  else if (tool == "scripts_stop")
    self_->request(cl, remote_command_timeout, atom::stop_v, node, name)
      .then(on_reply, on_error);
  else if (tool == "scripts_restart")
    self_->request(cl, remote_command_timeout, atom::restart_v, node, name)
      .then(on_reply, on_error);
  else
    done(tool_fail("tool '" + tool + "' does not take a node"));
}

} // namespace hummel
