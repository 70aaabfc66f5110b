#pragma once

// A peer's view as rebuilt by its CLUSTER LINK from one full view and the
// deltas after it. Versioned: a delta that does not continue from the last
// applied version is never applied (older ones are dropped, newer ones
// mean a gap and a resynchronisation), so nothing is applied twice or
// missed. Pure logic, tested without actors.
//
// Thread safety: one owner; the views it hands out are immutable.

#include "messages/cluster_wire.hpp"
#include "messages/status_view.hpp"
#include "messages/view_builder.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace hummel::detail {

/// What applying a delta did.
enum class delta_outcome : uint8_t {
  applied,   ///< continued from the last version; the view moved on
  keepalive, ///< carried nothing (from == to)
  old,       ///< already contained in the view (to <= version); dropped
  gap,       ///< does not follow the last version: fetch a full view
  no_view,   ///< no full view yet: fetch one
};

/// One peer's replica.
class peer_replica {
public:
  /// Replaces everything with `view` (first link or resync).
  void reset(const node_view& view);

  /// Applies `d` if it continues from the current version.
  delta_outcome apply(const node_delta& d);

  /// True once a full view arrived.
  bool has_view() const noexcept {
    return view_ != nullptr;
  }

  /// The current view (null before the first full view).
  std::shared_ptr<const status_view> view() const {
    return view_;
  }

  uint64_t version() const noexcept {
    return view_ ? view_->version : 0;
  }

private:
  view_builder builder_;
  std::shared_ptr<const status_view> view_;
};

} // namespace hummel::detail
