// The cluster side of the MCP tools: scripts_* calls with a `node` other
// than this one. Reads come from the cluster view cell
// (no message); commands go to the CLUSTER VIEW, which forwards them over
// the node's link with a finite timeout.

#include "actors/mcp_backend.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/render.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "mcp/tools.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <type_traits>

namespace hummel {

using nlohmann::json;

namespace {

/// Longest a remote command may take (the remote side bounds it too).
constexpr auto remote_command_timeout = std::chrono::seconds{30};

/// Appends the processes of `n` (scripts_status items or scripts_list
/// items, as `args` filter and choose their fields), each tagged with its
/// node. Returns whether `only` (if any) was found.
bool add_processes(json& items, const node_entry& n, bool list,
                   const json& args, const std::string& only, int64_t now) {
  bool found = false;
  if (!n.view)
    return found;
  n.view->processes.for_each([&](const snapshot_ptr& x) {
    if (!x || (!only.empty() && x->name != only))
      return;
    found = true;
    auto item = list ? mcp_tools::list_item(*x, args)
                     : mcp_tools::status_item(*x, now, args, only.empty());
    if (item.is_null())
      return;
    item["node"] = n.name;
    items.push_back(std::move(item));
  });
  return found;
}

} // namespace

bool mcp_backend::is_local_node(const std::string& node) const {
  if (ctx_->cell->with([&](const status_view& v) { return v.node == node; }))
    return true;
  if (ctx_->cluster_cell == nullptr)
    return false;
  auto view = ctx_->cluster_cell->read();
  return !view->nodes.empty() && !view->nodes[0].address.empty()
         && view->nodes[0].address == node;
}

std::string mcp_backend::remote_node(const json& args) const {
  auto node = args.value("node", std::string{});
  return node.empty() || is_local_node(node) ? std::string{} : node;
}

void mcp_backend::remote_read(bool list, const std::string& node,
                              const json& args, mcp::tool_done done) {
  auto now = now_ms();
  if (ctx_->cluster_cell == nullptr)
    return done(tool_fail("this daemon has no cluster view"));
  auto only = args.value("name", std::string{});
  auto view = ctx_->cluster_cell->read();
  auto items = json::array();
  if (node == "*") {
    // Every node and nothing else asked: the same bytes for every reader
    // of this version, rendered once (the hub's everyday read).
    if (args.size() == 1) {
      const auto& v = *view;
      auto make = [&v, list] {
        auto xs = json::array();
        for (const auto& n : v.nodes)
          add_processes(xs, n, list, json::object(), {}, v.built_ms);
        json result{{"processes", std::move(xs)},
                    {"view_version", v.version},
                    {"node", "*"}};
        if (!list)
          result["view_age_ms"] = 0;
        return result;
      };
      const auto& def
        = list ? mcp::scripts_list_tool : mcp::scripts_status_tool;
      return done(mcp_tools::rendered_once(
        list ? v.list_render : v.status_render, def, make,
        list ? std::nullopt : std::optional<int64_t>{now - v.built_ms}));
    }
    bool found = false;
    for (const auto& n : view->nodes)
      found = add_processes(items, n, list, args, only, now) || found;
    if (!only.empty() && !found)
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
    return done(tool_fail("no node named '" + node + "' (see cluster_status)"));
  if (!n->view)
    return done(tool_fail("node '" + node + "' has not been reached yet ("
                          + std::string{to_string(n->state)}
                          + (n->error.empty() ? "" : ": " + n->error) + ")"));
  if (!add_processes(items, *n, list, args, only, now) && !only.empty())
    return done(tool_fail("no process or script named '" + only + "' on node '"
                          + n->name + "'"));
  json result{{"processes", std::move(items)},
              {"view_version", n->view->version},
              {"node", n->name},
              {"node_state", std::string{to_string(n->state)}}};
  if (!list)
    result["view_age_ms"] = std::max<int64_t>(0, now - n->view->built_ms);
  done(tool_ok(std::move(result)));
}

void mcp_backend::remote_errors(const std::string& node, const json& args,
                                mcp::tool_done done) {
  if (ctx_->cluster_cell == nullptr)
    return done(tool_fail("this daemon has no cluster view"));
  auto only = args.value("name", std::string{});
  auto view = ctx_->cluster_cell->read();
  auto summaries = json::array();
  bool found = false;
  auto add = [&](const node_entry& n) {
    if (!n.view)
      return;
    n.view->processes.for_each([&](const snapshot_ptr& x) {
      if (!x || (!only.empty() && x->name != only))
        return;
      found = true;
      if (x->error_count == 0 && x->last_error.empty())
        return;
      summaries.push_back(
        {{"node", n.name},
         {"process", x->name},
         {"run_id", x->run_id},
         {"error_count", x->error_count},
         {"last_error", x->last_error.empty() ? json() : json(x->last_error)}});
    });
  };
  if (node == "*") {
    for (const auto& n : view->nodes)
      add(n);
  } else if (const auto* n = view->find(node); n == nullptr) {
    return done(tool_fail("no node named '" + node + "' (see cluster_status)"));
  } else if (!n->view) {
    return done(tool_fail("node '" + node + "' has not been reached yet ("
                          + std::string{to_string(n->state)} + ")"));
  } else {
    add(*n);
  }
  if (!only.empty() && !found)
    return done(
      tool_fail("no process or script named '" + only + "' on "
                + (node == "*" ? "any node" : "node '" + node + "'")));
  done(
    tool_ok({{"records", json::array()},
             {"node", node},
             {"summaries", std::move(summaries)},
             {"note", "the cluster view carries each process's error "
                      "count and newest headline; the grouped records are "
                      "kept on their node (ask its daemon's logs_errors)"}}));
}

template <class Atom>
void mcp_backend::remote_command(Atom what, const std::string& node,
                                 const json& args, mcp::tool_done done) {
  constexpr bool run = std::is_same_v<Atom, atom::run>;
  if (ctx_->cluster_cell == nullptr)
    return done(tool_fail("this daemon has no cluster view"));
  if (node == "*")
    return done(
      tool_fail("`node: \"*\"` is for reads; name one node to act on"));
  if (run && args.contains("command"))
    return done(tool_fail("ad-hoc commands run only on this node; omit node"));
  auto name = args.at("name").get<std::string>();
  if (run) {
    // Running there already: answer from the cluster view, start nothing.
    auto view = ctx_->cluster_cell->read();
    if (const auto* n = view->find(node);
        n != nullptr && n->view && n->state == link_state::linked) {
      if (const auto* x = n->view->find(name); x && is_alive(x->status)) {
        auto result = status_json(*x, now_ms());
        result["duplicate"] = true;
        return done(tool_ok(std::move(result)));
      }
    }
  }
  self_->request(ctx_->cluster, remote_command_timeout, what, node, name)
    .then(
      [this, done](process_snapshot& x) {
        auto result = status_json(x, now_ms());
        if (run)
          result["duplicate"] = false;
        done(tool_ok(std::move(result)));
      },
      [this, done, name](caf::error& err) {
        done(tool_fail(describe(err, name)));
      });
}

template void mcp_backend::remote_command(atom::run, const std::string&,
                                          const json&, mcp::tool_done);
template void mcp_backend::remote_command(atom::stop, const std::string&,
                                          const json&, mcp::tool_done);
template void mcp_backend::remote_command(atom::restart, const std::string&,
                                          const json&, mcp::tool_done);

} // namespace hummel
