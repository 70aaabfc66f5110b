/// @file
/// `persistent_vector<T>`: an immutable vector with structural sharing (a
/// 32-way trie), so deriving a version that differs in one element copies
/// only one root-to-leaf path.
///
/// Thread safety: a `persistent_vector` is immutable; any number of threads
/// may read one version concurrently. Versions share nodes with atomic
/// reference counts, so distinct versions may be copied, derived and
/// destroyed on different threads. Assigning to one object is not
/// thread-safe.
#pragma once

#include "viewcell/pv_node.hpp"

#include <cassert>
#include <cstddef>
#include <utility>

namespace hummel {

/// An immutable vector; `set` and `push_back` return new versions.
template <class T>
class persistent_vector {
public:
  /// Element type.
  using value_type = T;

  /// An empty vector.
  persistent_vector() noexcept = default;

  /// Shares `other`'s nodes.
  persistent_vector(const persistent_vector& other) noexcept
    : root_(other.root_), shift_(other.shift_), size_(other.size_) {
    pv_detail::retain(root_);
  }

  /// Takes `other`'s nodes, leaving it empty.
  persistent_vector(persistent_vector&& other) noexcept
    : root_(std::exchange(other.root_, nullptr)),
      shift_(std::exchange(other.shift_, 0)),
      size_(std::exchange(other.size_, 0)) {
  }

  /// Shares `other`'s nodes.
  persistent_vector& operator=(const persistent_vector& other) noexcept {
    persistent_vector copy{other};
    swap(copy);
    return *this;
  }

  /// Takes `other`'s nodes.
  persistent_vector& operator=(persistent_vector&& other) noexcept {
    persistent_vector moved{std::move(other)};
    swap(moved);
    return *this;
  }

  /// Drops this version's reference to its nodes.
  ~persistent_vector() {
    pv_detail::release<T>(root_, shift_);
  }

  /// Number of elements.
  std::size_t size() const noexcept {
    return size_;
  }

  /// True when there are no elements.
  bool empty() const noexcept {
    return size_ == 0;
  }

  /// Element `i`; precondition `i < size()`. O(log32 N), no refcounting.
  const T& operator[](std::size_t i) const noexcept {
    assert(i < size_);
    return pv_detail::get<T>(root_, shift_, i);
  }

  /// A version whose element `i` is `x`; precondition `i < size()`.
  /// Copies one path: O(32 * log32 N).
  persistent_vector set(std::size_t i, T x) const {
    assert(i < size_);
    node* r = pv_detail::copy_path<T>(root_, shift_, i, std::move(x), false);
    return persistent_vector{r, shift_, size_};
  }

  /// A version with `x` appended.
  persistent_vector push_back(T x) const {
    if (root_ != nullptr && size_ == capacity()) {
      // Full trie: grow one level; the old root becomes child 0.
      auto top = std::make_unique<pv_detail::inner>();
      top->kids[1] = pv_detail::new_path<T>(shift_, std::move(x));
      top->kids[0] = root_;
      pv_detail::retain(root_);
      return persistent_vector{top.release(), shift_ + pv_detail::bits,
                               size_ + 1};
    }
    node* r = pv_detail::copy_path<T>(root_, shift_, size_, std::move(x), true);
    return persistent_vector{r, shift_, size_ + 1};
  }

  /// Calls `f(const T&)` on every element in index order.
  template <class F>
  void for_each(F&& f) const {
    pv_detail::for_each<T>(root_, shift_, f);
  }

  /// Exchanges contents with `other`.
  void swap(persistent_vector& other) noexcept {
    std::swap(root_, other.root_);
    std::swap(shift_, other.shift_);
    std::swap(size_, other.size_);
  }

private:
  using node = pv_detail::node;

  persistent_vector(node* root, unsigned shift, std::size_t size) noexcept
    : root_(root), shift_(shift), size_(size) {
  }

  /// Elements the trie holds at its current height.
  std::size_t capacity() const noexcept {
    return pv_detail::width << shift_;
  }

  node* root_ = nullptr;
  unsigned shift_ = 0;
  std::size_t size_ = 0;
};

} // namespace hummel
