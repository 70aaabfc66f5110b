#pragma once

// The pieces of a frame, shared by view.cpp and view_panes.cpp (internal).

#include "main/cli/ui/view.hpp"

namespace hummel::ui::detail {

/// The top line: project, node, counts, version, connection state.
screen_line title_line(const table& t, const ui_state& ui,
                       const frame_input& in, size_t width);

/// The cluster's nodes (`hummel ui --all-nodes`): name, link state (stale
/// and connecting ones marked, with how long ago they were heard) and
/// process count.
screen_line nodes_line(const table& t, size_t width);

/// The column titles, the sort column marked "v" (descending) or "^".
screen_line table_header(const table& t,
                         const std::vector<std::pair<column, size_t>>& cols,
                         size_t width);

/// One process row.
screen_line table_row(const process_row& r,
                      const std::vector<std::pair<column, size_t>>& cols,
                      size_t width, bool selected, int64_t now_ms);

/// The pane's title line and `height` lines of logs or errors.
void lower_pane(frame& f, const table& t, const log_buffer& log,
                const ui_state& ui, const frame_input& in, size_t width,
                size_t height);

/// The bottom line: the input being typed, a message, or the keys.
screen_line bottom_line(const ui_state& ui, const frame_input& in,
                        size_t width);

} // namespace hummel::ui::detail
