#pragma once

// Folds process snapshots into the parts of the next `status_view`, sharing
// structure with the views before it. Used by the STATUS CACHE for the
// local node and by each CLUSTER LINK for its peer's replica, so both build
// views the same way.
//
// Thread safety: one owner (an actor's state); the views it builds are
// immutable and may be shared with any thread.

#include "messages/status_view.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace hummel {

/// Current snapshots by index plus the name index.
class view_builder {
public:
  view_builder();

  /// Replaces the snapshot at `x->index` (growing the vector with nulls);
  /// a new or renamed process updates a copy of the name index. O(log N).
  void fold(snapshot_ptr x);

  /// Empties the slot `index` (a process removed by a reload) and drops
  /// its name from the index; the slot stays (indices are stable). O(log N).
  void remove(uint32_t index);

  /// True when a fold or remove since the last build changed the set of
  /// names.
  bool names_changed() const noexcept {
    return new_names_ != nullptr;
  }

  /// A view of everything folded so far. O(1): shares the vector and the
  /// name index.
  std::unique_ptr<status_view> build(uint64_t version, std::string node,
                                     int64_t built_ms);

  /// Restarts from the contents of `view` (shares its structure).
  void reset(const status_view& view);

  /// Forgets everything.
  void clear();

  /// The newest snapshot of `name`, folded or published; null if unknown.
  snapshot_ptr find(std::string_view name) const;

  const persistent_vector<snapshot_ptr>& processes() const noexcept {
    return processes_;
  }

private:
  persistent_vector<snapshot_ptr> processes_;
  /// Name index of the last built view.
  std::shared_ptr<const name_index> names_;
  /// Copy of `names_` with additions since the last build; null if none.
  std::shared_ptr<name_index> new_names_;
};

} // namespace hummel
