#pragma once

// Answers a log query from a PROCESS actor's memory ring (pure; no CAF).

#include "logs/log_ring.hpp"
#include "messages/log_page.hpp"

namespace hummel::detail {

/// The lines of `ring` that `q` asks for, oldest first: the newest `limit`
/// wanted lines after the cursor (`q.tail`), or the oldest ones (paging).
/// Lines of the other stream never take a place in the page.
log_page query_logs(const log_ring& ring, const log_query& q);

} // namespace hummel::detail
