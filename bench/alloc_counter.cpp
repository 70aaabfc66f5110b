// Replaces every global operator new/delete of hummel_bench with malloc/free
// plus a per-thread allocation counter (one thread-local increment each).

#include "bench/alloc_counter.hpp"

#include <cstdlib>
#include <new>

namespace {

thread_local constinit std::uint64_t t_allocs = 0;

void* counted(std::size_t n) noexcept {
  ++t_allocs;
  return std::malloc(n == 0 ? 1 : n);
}

void* counted_aligned(std::size_t n, std::align_val_t al) noexcept {
  ++t_allocs;
  const auto a = static_cast<std::size_t>(al);
  return std::aligned_alloc(a, (n + a - 1) / a * a);
}

void* checked(void* p) {
  if (p == nullptr)
    throw std::bad_alloc{};
  return p;
}

} // namespace

namespace hummel::bench {

std::uint64_t thread_allocs() noexcept {
  return t_allocs;
}

} // namespace hummel::bench

void* operator new(std::size_t n) {
  return checked(counted(n));
}

void* operator new[](std::size_t n) {
  return checked(counted(n));
}

void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return counted(n);
}

void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return counted(n);
}

void* operator new(std::size_t n, std::align_val_t a) {
  return checked(counted_aligned(n, a));
}

void* operator new[](std::size_t n, std::align_val_t a) {
  return checked(counted_aligned(n, a));
}

void* operator new(std::size_t n, std::align_val_t a,
                   const std::nothrow_t&) noexcept {
  return counted_aligned(n, a);
}

void* operator new[](std::size_t n, std::align_val_t a,
                     const std::nothrow_t&) noexcept {
  return counted_aligned(n, a);
}

void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete[](void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

void operator delete(void* p, std::align_val_t,
                     const std::nothrow_t&) noexcept {
  std::free(p);
}

void operator delete[](void* p, std::align_val_t,
                       const std::nothrow_t&) noexcept {
  std::free(p);
}
