// scripts_list: every process of the view (or of another node's).

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "messages/status_json.hpp"

namespace hummel::mcp_tools {

using nlohmann::json;

mcp::cancel_fn scripts_list(mcp_backend& be, mcp::tool_call call) {
  if (auto node = be.remote_node(call.args); !node.empty()) {
    be.remote_read(true, node, call.args, std::move(call.done));
    return {};
  }
  auto view = be.ctx().cell->read();
  auto items = json::array();
  view->processes.for_each([&](const snapshot_ptr& x) {
    if (x)
      items.push_back(list_item_json(*x));
  });
  call.done(tool_ok(
    {{"processes", std::move(items)}, {"view_version", view->version}}));
  return {};
}

} // namespace hummel::mcp_tools
