#pragma once

// The REPORTER: subscribes to the STATUS CACHE and logs lifecycle changes
// ("web: started, pid 42", "web: failed with exit code 1") on the daemon's
// console.

#include "messages/interfaces.hpp"

namespace hummel {

/// Logs every change of status in the deltas of `cache`; ends with it.
status_subscriber_actor::behavior_type
reporter(status_subscriber_actor::pointer self, status_cache_actor cache);

} // namespace hummel
