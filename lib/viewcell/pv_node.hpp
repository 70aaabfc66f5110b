/// @file
/// Trie nodes and path-copying algorithms behind `persistent_vector`.
///
/// Thread safety: nodes are immutable once built and shared between
/// versions; their reference counts are atomic, so versions may be copied
/// and destroyed on different threads. Reads do no reference counting.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace hummel::pv_detail {

/// Bits of the index consumed per trie level.
inline constexpr unsigned bits = 5;
/// Children (or elements) per node.
inline constexpr std::size_t width = std::size_t{1} << bits;
/// Mask selecting one level's digit of an index.
inline constexpr std::size_t mask = width - 1;

/// Common header: an intrusive reference count.
struct node {
  /// Number of owners (versions or parent nodes).
  std::atomic<std::uint32_t> refs{1};
};

/// An interior node; unused children are null.
struct inner : node {
  /// Child subtrees, one level lower.
  node* kids[width] = {};
};

/// A leaf holding up to `width` elements.
template <class T>
struct leaf : node {
  /// Number of constructed elements.
  std::uint32_t count = 0;
  /// Element storage; only the first `count` are alive.
  union {
    T items[width];
  };
  leaf() noexcept {
  }
  ~leaf() {
    for (std::uint32_t i = 0; i < count; ++i)
      items[i].~T();
  }
  /// Constructs the next element in place.
  template <class U>
  void append(U&& x) {
    std::construct_at(&items[count], std::forward<U>(x));
    ++count;
  }
};

/// Adds an owner to `n` (which may be null).
inline void retain(node* n) noexcept {
  if (n != nullptr)
    n->refs.fetch_add(1, std::memory_order_relaxed);
}

/// Drops an owner of the subtree `n` whose root sits at level `shift`.
template <class T>
void release(node* n, unsigned shift) noexcept {
  if (n == nullptr || n->refs.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  if (shift == 0) {
    delete static_cast<leaf<T>*>(n);
    return;
  }
  auto* in = static_cast<inner*>(n);
  for (node* k : in->kids)
    release<T>(k, shift - bits);
  delete in;
}

/// Element `i` of the subtree `n` at level `shift` (plain pointer chasing).
template <class T>
const T& get(const node* n, unsigned shift, std::size_t i) noexcept {
  for (; shift > 0; shift -= bits)
    n = static_cast<const inner*>(n)->kids[(i >> shift) & mask];
  return static_cast<const leaf<T>*>(n)->items[i & mask];
}

/// A new path from level `shift` down to a leaf holding only `x`.
template <class T>
node* new_path(unsigned shift, T&& x) {
  if (shift == 0) {
    auto l = std::make_unique<leaf<T>>();
    l->append(std::move(x));
    return l.release();
  }
  auto in = std::make_unique<inner>();
  in->kids[0] = new_path<T>(shift - bits, std::move(x));
  return in.release();
}

/// Copies the path to index `i` of `n` (null: empty subtree); at the leaf,
/// replaces element `i` (`append` false) or appends `x` (`append` true).
template <class T>
node* copy_path(const node* n, unsigned shift, std::size_t i, T&& x,
                bool append) {
  if (n == nullptr)
    return new_path<T>(shift, std::move(x));
  if (shift == 0) {
    const auto* old = static_cast<const leaf<T>*>(n);
    auto l = std::make_unique<leaf<T>>();
    const std::size_t slot = i & mask;
    for (std::uint32_t k = 0; k < old->count; ++k) {
      if (!append && k == slot)
        l->append(std::move(x));
      else
        l->append(old->items[k]);
    }
    if (append)
      l->append(std::move(x));
    return l.release();
  }
  const auto* old = static_cast<const inner*>(n);
  auto in = std::make_unique<inner>();
  const std::size_t digit = (i >> shift) & mask;
  node* fresh
    = copy_path<T>(old->kids[digit], shift - bits, i, std::move(x), append);
  for (std::size_t k = 0; k < width; ++k) {
    in->kids[k] = old->kids[k];
    if (k != digit)
      retain(in->kids[k]);
  }
  in->kids[digit] = fresh;
  return in.release();
}

/// Calls `f(const T&)` on every element of the subtree, in index order.
template <class T, class F>
void for_each(const node* n, unsigned shift, F& f) {
  if (n == nullptr)
    return;
  if (shift == 0) {
    const auto* l = static_cast<const leaf<T>*>(n);
    for (std::uint32_t k = 0; k < l->count; ++k)
      f(l->items[k]);
    return;
  }
  for (const node* k : static_cast<const inner*>(n)->kids)
    for_each<T>(k, shift - bits, f);
}

} // namespace hummel::pv_detail
