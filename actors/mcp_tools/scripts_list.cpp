// scripts_list: every process of the view (or of another node's),
// filtered by `status`, with the `fields` asked for (list_item). The
// unfiltered list is rendered once per view version (render.hpp).

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/render.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "messages/status_json.hpp"

namespace hummel::mcp_tools {

using nlohmann::json;

mcp::tool_outcome list_from_view(const status_view& view, const json& args,
                                 bool render) {
  if (render && args.empty())
    return list_rendered(view);
  auto items = json::array();
  view.processes.for_each([&](const snapshot_ptr& x) {
    if (!x)
      return;
    if (auto item = list_item(*x, args); !item.is_null())
      items.push_back(std::move(item));
  });
  return tool_ok(
    {{"processes", std::move(items)}, {"view_version", view.version}});
}

mcp::cancel_fn scripts_list(mcp_backend& be, mcp::tool_call call) {
  if (auto node = be.remote_node(call.args); !node.empty()) {
    be.remote_read(true, node, call.args, std::move(call.done));
    return {};
  }
  auto view = be.ctx().cell->read();
  call.done(list_from_view(*view, call.args));
  return {};
}

} // namespace hummel::mcp_tools
