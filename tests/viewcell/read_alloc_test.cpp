// Counts heap allocations per thread by replacing the global allocation
// functions for this test binary (they only add a thread_local counter).
// noinline: GCC's -Wmismatched-new-delete misfires on inlined replacements.
#include "viewcell/persistent_vector.hpp"
#include "viewcell/view_cell.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <thread>

namespace {

thread_local std::uint64_t allocations = 0;

void* counted_alloc(std::size_t n, std::size_t align) {
  ++allocations;
  if (n == 0)
    n = 1;
  void* p = align <= alignof(std::max_align_t)
              ? std::malloc(n)
              : std::aligned_alloc(align, (n + align - 1) / align * align);
  if (p == nullptr)
    throw std::bad_alloc{};
  return p;
}

} // namespace

[[gnu::noinline]] void* operator new(std::size_t n) {
  return counted_alloc(n, alignof(std::max_align_t));
}
[[gnu::noinline]] void* operator new[](std::size_t n) {
  return counted_alloc(n, alignof(std::max_align_t));
}
[[gnu::noinline]] void* operator new(std::size_t n, std::align_val_t a) {
  return counted_alloc(n, static_cast<std::size_t>(a));
}
[[gnu::noinline]] void* operator new[](std::size_t n, std::align_val_t a) {
  return counted_alloc(n, static_cast<std::size_t>(a));
}
[[gnu::noinline]] void operator delete(void* p) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete[](void* p) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t,
                                       std::align_val_t) noexcept {
  std::free(p);
}
[[gnu::noinline]] void operator delete[](void* p, std::size_t,
                                         std::align_val_t) noexcept {
  std::free(p);
}

namespace {

struct pair_view {
  int a;
  hummel::persistent_vector<int> items;
};

TEST(view_cell_alloc, reads_allocate_nothing_after_the_first) {
  hummel::persistent_vector<int> items;
  for (int i = 0; i < 2000; ++i)
    items = items.push_back(i);
  hummel::view_cell<pair_view> cell{
    std::make_unique<const pair_view>(pair_view{1, items})};
  hummel::view_cell<int> other{std::make_unique<const int>(7)};
  std::uint64_t counted = 0;
  long sum = 0;
  std::thread reader{[&] {
    sum += cell.with([](const auto& v) { return v.a; }); // registers
    const auto start = allocations;
    for (int i = 0; i < 10000; ++i) {
      auto v = cell.read();
      auto w = other.read(); // nested, another cell
      sum += v->a + v->items[static_cast<std::size_t>(i) % 2000] + *w;
      sum += cell.with([](const pair_view& p) { return p.a; });
    }
    counted = allocations - start;
  }};
  reader.join();
  EXPECT_EQ(counted, 0u);
  EXPECT_GT(sum, 0);
  // The counter itself works: a publish allocates on this thread.
  const auto before = allocations;
  other.publish(std::make_unique<const int>(8));
  EXPECT_GT(allocations, before);
}

} // namespace
