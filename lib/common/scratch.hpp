#pragma once

// Scratch buffers that are filled and cleared again and again (a batch of
// log records, a console write) keep their memory between uses, so a
// steady stream allocates nothing. A burst can grow one far past what a
// steady stream needs (a slowed daemon reads larger batches); such a buffer
// gives its memory back after the use instead of holding it for the rest of
// the daemon's life (issue 11: after 100 hostile followers three of them
// held 460 KB).

#include <cstddef>
#include <utility>

namespace hummel {

/// Capacity a scratch buffer keeps between uses.
inline constexpr size_t scratch_keep_bytes = 64 * 1024;

/// Frees the memory of `buf` (its elements too) when its capacity is over
/// `keep_bytes`; call it once the buffer's contents are no longer needed.
template <class Buffer>
void release_if_oversized(Buffer& buf, size_t keep_bytes = scratch_keep_bytes) {
  if (buf.capacity() * sizeof(typename Buffer::value_type) > keep_bytes)
    Buffer{}.swap(buf);
}

} // namespace hummel
