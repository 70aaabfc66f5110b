// scripts_status: one process or all, from the view cell (no message), or
// by message from the STATUS CACHE (the benchmark's comparison path).

#include "actors/detail/clock.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <chrono>

namespace hummel::mcp_tools {

using nlohmann::json;

namespace {

std::string unknown(const std::string& name) {
  return "no process or script named '" + name + "'";
}

/// The comparison path: ask the STATUS CACHE instead of reading the cell.
void by_message(mcp_backend& be, const std::string& only, mcp::tool_done done) {
  auto self = be.self();
  auto cell = be.ctx().cell;
  auto reply = [self, done, cell, only](std::vector<snapshot_ptr> xs) {
    auto now = detail::wall_ms(self);
    auto items = json::array();
    for (auto& x : xs)
      if (x && (only.empty() || x->name == only))
        items.push_back(status_json(*x, now));
    if (!only.empty() && items.empty())
      return done(tool_fail(unknown(only)));
    auto view = cell->read();
    done(tool_ok({{"processes", std::move(items)},
                  {"view_version", view->version},
                  {"view_age_ms", 0},
                  {"node", view->node}}));
  };
  auto fail = [done](caf::error&) { done(tool_fail("status cache timeout")); };
  constexpr auto timeout = std::chrono::seconds{5};
  if (!only.empty())
    self->request(be.ctx().cache, timeout, atom::status_v, only)
      .then([reply](snapshot_ptr& x) { reply({x}); }, fail);
  else
    self->request(be.ctx().cache, timeout, atom::status_v, atom::all_v)
      .then([reply](std::vector<snapshot_ptr>& xs) { reply(xs); }, fail);
}

} // namespace

mcp::cancel_fn scripts_status(mcp_backend& be, mcp::tool_call call) {
  auto& done = call.done;
  if (auto node = be.remote_node(call.args); !node.empty()) {
    be.remote_read(false, node, call.args, std::move(done));
    return {};
  }
  auto only = call.args.value("name", std::string{});
  if (be.ctx().read_by_message) {
    by_message(be, only, std::move(done));
    return {};
  }
  auto now = be.now_ms();
  auto view = be.ctx().cell->read();
  if (only.empty()) {
    done(tool_ok(view_json(*view, now)));
    return {};
  }
  auto* x = view->find(only);
  if (x == nullptr) {
    done(tool_fail(unknown(only)));
    return {};
  }
  done(tool_ok({{"processes", json::array({status_json(*x, now)})},
                {"view_version", view->version},
                {"view_age_ms", std::max<int64_t>(0, now - view->built_ms)},
                {"node", view->node}}));
  return {};
}

} // namespace hummel::mcp_tools
