#pragma once

// What the STATUS CACHE sends its subscribers after each publish.

#include "messages/process_snapshot.hpp"

#include <cstdint>
#include <vector>

namespace hummel {

/// The processes that changed between two consecutive published views.
/// A subscriber that last saw `from_version` can apply `changed` to reach
/// `to_version`; any other gap means it must fetch a full view.
struct status_delta {
  uint64_t from_version = 0;
  uint64_t to_version = 0;
  std::vector<snapshot_ptr> changed;
  /// When `to_version` was published (unix epoch ms).
  int64_t built_ms = 0;
  /// Indices whose processes a reload removed (their slots are now empty).
  std::vector<uint32_t> removed;
  /// The set of process names changed (a process added or removed).
  bool list_changed = false;
};

} // namespace hummel
