// scripts_list: every process of the view (or of another node's),
// filtered by `status`, with the `fields` asked for (list_item).

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
    if (!x)
      return;
    if (auto item = list_item(*x, call.args); !item.is_null())
      items.push_back(std::move(item));
  });
  call.done(tool_ok(
    {{"processes", std::move(items)}, {"view_version", view->version}}));
  return {};
}

} // namespace hummel::mcp_tools
