#include "common/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#ifndef MADV_POPULATE_WRITE
#  define MADV_POPULATE_WRITE 23
#endif

namespace hummel {

void reserve_prefaulted(std::string& s, size_t n) {
  s.reserve(n);
  prefault(s.data(), n);
}

void prefault(void* p, size_t n) {
  if (p == nullptr || n < prefault_min_bytes)
    return;
  static const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  auto first = reinterpret_cast<uintptr_t>(p);
  auto begin = (first + page - 1) & ~(page - 1);
  auto end = (first + n) & ~(page - 1);
  if (end > begin)
    (void)::madvise(reinterpret_cast<void*>(begin), end - begin,
                    MADV_POPULATE_WRITE);
}

} // namespace hummel
