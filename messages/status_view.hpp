#pragma once

// The published, immutable view of every process of one node.
//
// Thread safety: a status_view is built by the STATUS CACHE and then only
// read. It is published through a `view_cell<status_view>`; readers hold a
// `view_cell::reader` while they look at it. Consecutive views share
// structure (the persistent vector and the name index), so publishing a
// change to one process costs O(log N), not O(N).

#include "messages/process_snapshot.hpp"
#include "viewcell/persistent_vector.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hummel {

/// Transparent hash so the index can be searched with a string_view.
struct name_hash {
  using is_transparent = void;
  size_t operator()(std::string_view x) const noexcept {
    return std::hash<std::string_view>{}(x);
  }
};

/// Name → index of every process in a view.
using name_index
  = std::unordered_map<std::string, uint32_t, name_hash, std::equal_to<>>;

/// Something rendered from one view (e.g. the bytes of an unfiltered
/// scripts_status answer), made by whoever reads that view first.
struct view_render {
  virtual ~view_render() = default;
};

/// One lazily filled, then immutable render of a view. The first reader
/// that needs it renders it and offers it; a compare-and-swap keeps the
/// first offer and every later reader shares it. It lives and dies with its
/// view (a reader holds the view, so the render too). A copy starts empty:
/// a render belongs to one version.
///
/// Thread safety: `get` and `offer` may be called from any thread.
class render_slot {
public:
  render_slot() = default;
  render_slot(const render_slot&) noexcept {
    // a new view: nothing rendered yet
  }
  render_slot& operator=(const render_slot&) noexcept {
    reset();
    return *this;
  }
  ~render_slot() {
    reset();
  }

  /// The render, or nullptr while nobody rendered this view.
  const view_render* get() const noexcept {
    return p_.load(std::memory_order_acquire);
  }

  /// Keeps `x` unless another thread was first; returns the one kept.
  const view_render* offer(std::unique_ptr<view_render> x) const {
    const view_render* expected = nullptr;
    if (p_.compare_exchange_strong(expected, x.get(), std::memory_order_acq_rel,
                                   std::memory_order_acquire))
      return x.release();
    return expected;
  }

private:
  void reset() noexcept {
    delete p_.exchange(nullptr, std::memory_order_acq_rel);
  }

  mutable std::atomic<const view_render*> p_{nullptr};
};

/// Every process of one node at one version.
struct status_view {
  /// Increments with every publish; 0 is the empty initial view.
  uint64_t version = 0;
  /// The node this view describes.
  std::string node;
  /// When this view was built (unix epoch milliseconds).
  int64_t built_ms = 0;
  /// Snapshots by process index.
  persistent_vector<snapshot_ptr> processes;
  /// Shared between views until a process is added.
  std::shared_ptr<const name_index> names;

  /// The snapshot of `name`, or nullptr. O(1); allocates nothing.
  const process_snapshot* find(std::string_view name) const noexcept {
    if (!names)
      return nullptr;
    auto i = names->find(name);
    if (i == names->end() || i->second >= processes.size())
      return nullptr;
    return processes[i->second].get();
  }

  /// The snapshot at `index`, or nullptr.
  const process_snapshot* at(uint32_t index) const noexcept {
    return index < processes.size() ? processes[index].get() : nullptr;
  }

  size_t size() const noexcept {
    return processes.size();
  }

  /// The unfiltered scripts_status and scripts_list answers of this
  /// version (actors/mcp_tools/render.hpp), rendered on first read.
  render_slot status_render;
  render_slot list_render;
};

} // namespace hummel
