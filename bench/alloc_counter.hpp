#pragma once

// Counts heap allocations per thread: alloc_counter.cpp replaces the global
// operator new/delete of the whole hummel_bench program.
//
// Thread safety: each thread reads only its own counter.

#include <cstdint>

namespace hummel::bench {

/// Number of operator new calls the calling thread has made so far.
std::uint64_t thread_allocs() noexcept;

} // namespace hummel::bench
