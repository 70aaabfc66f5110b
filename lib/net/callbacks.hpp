#pragma once

// Runs the `on_close` callbacks of an exchange or a connection (internal to
// net/). Called without any lock held, on whichever thread closed it.

#include <functional>
#include <string_view>
#include <vector>

namespace hummel::net::detail {

/// Calls every callback once; an exception is logged (naming `who`), never
/// propagated.
void run_close_callbacks(std::vector<std::function<void()>>& callbacks,
                         std::string_view who) noexcept;

} // namespace hummel::net::detail
