// The local hub's tools (`hummel hub`): the daemon's reads and commands with
// `project` in place of `node` (each project is a node of the hub's cluster
// view, so the handlers are the daemon's own: reads come from the cluster
// view cell, commands go through the CLUSTER VIEW to the project's link),
// and projects_list. What only a project's own daemon can answer (its logs,
// its configuration: logs_stream without follow, logs_search, logs_clear,
// config_reload) is forwarded to it (hub_forward.cpp).

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "mcp/tools.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <string_view>
#include <utility>
#include <vector>

namespace hummel::mcp_tools {

using nlohmann::json;

namespace {

/// The daemon's tools the hub offers, in `tools/list` order.
constexpr std::array<std::string_view, 11> offered
  = {"scripts_list",   "scripts_run",    "scripts_stop", "scripts_restart",
     "scripts_status", "logs_stream",    "logs_search",  "logs_errors",
     "logs_clear",     "cluster_status", "config_reload"};

/// Whether tool `name` is answered by the project's own daemon.
constexpr bool forwarded(std::string_view name) {
  return name == "logs_stream" || name == "logs_search" || name == "logs_clear"
         || name == "config_reload";
}

/// The daemon's handler of tool `I` of `offered`.
template <size_t I>
mcp::cancel_fn via_project(mcp::backend& be, mcp::tool_call call) {
  if constexpr (forwarded(offered[I]))
    return forward_to_project(static_cast<mcp_backend&>(be), std::move(call));
  auto& args = call.args;
  bool control = call.def != nullptr
                 && call.def->policy.access == mcp::tool_access::control;
  if (auto p = args.find("project"); p != args.end()) {
    args["node"] = *p;
    args.erase(p);
  } else if (args.contains("node")) {
    // the live views name a row's node: here, its project
  } else if (control) {
    call.done(tool_fail("name the project to act on (`project`; "
                        "projects_list shows them)"));
    return {};
  } else if (offered[I] != "cluster_status") {
    args["node"] = "*";
  }
  const auto* base = mcp::find_tool(table(), offered[I]);
  return base->handler(be, std::move(call));
}

mcp::cancel_fn projects_list(mcp::backend& b, mcp::tool_call call) {
  auto& be = static_cast<mcp_backend&>(b);
  const auto& ctx = be.ctx();
  auto found
    = ctx.hub_projects ? ctx.hub_projects() : std::vector<hub_project>{};
  auto view = ctx.cluster_cell->read();
  auto out = json::array();
  for (const auto& p : found) {
    const auto* n = view->find(p.name);
    json item{{"project", p.name},
              {"folder", p.folder},
              {"state", n ? std::string{to_string(n->state)} : "connecting"},
              {"processes", 0},
              {"running", 0},
              {"errors", 0},
              {"pid", p.pid},
              {"mcp_url", p.url.empty() ? json() : json(p.url)},
              {"urls", json::array()},
              {"error", n && !n->error.empty() ? json(n->error) : json()}};
    if (n != nullptr && n->view) {
      int64_t total = 0;
      int64_t running = 0;
      int64_t errors = 0;
      n->view->processes.for_each([&](const snapshot_ptr& x) {
        if (!x)
          return;
        ++total;
        running += is_alive(x->status) ? 1 : 0;
        errors += x->error_count;
        for (const auto& u : x->urls)
          item["urls"].push_back(u);
      });
      item["processes"] = total;
      item["running"] = running;
      item["errors"] = errors;
    }
    out.push_back(std::move(item));
  }
  call.done(tool_ok({{"projects", std::move(out)}}));
  return {};
}

template <size_t... Is>
std::vector<mcp::tool> make_table(const std::vector<mcp::tool_def>& defs,
                                  std::index_sequence<Is...>) {
  return {mcp::tool{&defs[Is], &via_project<Is>}...,
          mcp::tool{&mcp::projects_list_tool, &projects_list}};
}

} // namespace

mcp::tool_table hub_table() {
  static const std::vector<mcp::tool_def> defs = [] {
    std::vector<mcp::tool_def> xs;
    for (auto name : offered)
      xs.push_back(
        mcp::hub_tool(*mcp::find_tool(table(), name)->def, forwarded(name)));
    return xs;
  }();
  static const std::vector<mcp::tool> tools
    = make_table(defs, std::make_index_sequence<offered.size()>{});
  return tools;
}

} // namespace hummel::mcp_tools
