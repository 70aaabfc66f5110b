#pragma once

// The dashboard's files (main/daemon/web/), compiled into the daemon by
// cmake/embed_web.cmake: served from memory, no file access, no network.
//
// Thread safety: immutable after first use (a function-local static).

#include <string_view>
#include <vector>

namespace hummel::web {

/// One file of the dashboard.
struct asset {
  /// Where it is served: "/" (index.html), "/app.js", ...
  std::string_view path;
  std::string_view mime_type;
  std::string_view body;
};

/// Every file of the dashboard.
const std::vector<asset>& assets();

} // namespace hummel::web
