#pragma once

// Render once per view version: the unfiltered scripts_status and
// scripts_list answers are the same bytes for every reader of one view
// (scripts_status differs only in `view_age_ms`). The first reader of a
// version renders them (through the ordinary JSON path, so the bytes are
// the ones the engine would write) and stores them in the view's
// render_slot (messages/status_view.hpp); later readers copy them into
// their response (mcp::rendered_result) instead of building a JSON tree.
//
// Thread safety: any thread may call these while it holds a reader of the
// view (the render lives as long as the view).

#include "mcp/backend.hpp"
#include "mcp/tool.hpp"
#include "messages/status_view.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hummel::mcp_tools {

/// scripts_status with no arguments for `view` read at `now_ms`: every
/// process with the list fields, rendered once per view.
mcp::tool_outcome status_rendered(const status_view& view, int64_t now_ms);

/// scripts_list with no arguments for `view`, rendered once per view.
mcp::tool_outcome list_rendered(const status_view& view);

/// scripts_status on this node from `view` at `now` for `args` (validated):
/// the rendered list when `args` is empty, else built for the call; with
/// `brief`, the text is only its summary line (mcp::meta::brief_text);
/// with `rows`, a listing the direct writer takes is in the compact form
/// (mcp::meta::rows).
mcp::tool_outcome status_from_view(const status_view& view, int64_t now,
                                   const nlohmann::json& args,
                                   bool brief = false, bool rows = false);

/// scripts_status from snapshots `xs` (the STATUS CACHE's answer, or the
/// view's): `only` names one process ("" = all); `age_ms` is view_age_ms.
mcp::tool_outcome status_from(const std::vector<snapshot_ptr>& xs,
                              const std::string& only,
                              const nlohmann::json& args, int64_t now,
                              const status_view& view, int64_t age_ms);

/// scripts_list on this node from `view` for `args` (validated): the
/// rendered list when `args` is empty and `render`, else built.
mcp::tool_outcome list_from_view(const status_view& view,
                                 const nlohmann::json& args,
                                 bool render = true);

/// The answer of tool `def` that `make` builds, rendered once into `slot`
/// (the slot of the view `make` reads); `age_ms`, when given, replaces
/// the `"view_age_ms":0` the value was built with (its last occurrence).
mcp::tool_outcome rendered_once(const render_slot& slot,
                                const mcp::tool_def& def,
                                const std::function<nlohmann::json()>& make,
                                std::optional<int64_t> age_ms);

} // namespace hummel::mcp_tools
