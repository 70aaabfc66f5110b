#pragma once

// A disk that fills up, for log_file's write seam (log_file::write_fn):
// `room` bytes are left, then writes fail with `err` (ENOSPC unless set).
// A write larger than the room left is short, as on a real full disk.
//
// Thread safety: one global state; tests set it on the test thread while no
// writer runs (actor tests run the PROCESS actor on the same thread).

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <limits>

namespace hummel::test {

/// The simulated disk.
struct fake_disk {
  static constexpr size_t unlimited = std::numeric_limits<size_t>::max();

  size_t room = unlimited;
  int err = ENOSPC;
  /// Writes refused so far.
  size_t failures = 0;
};

/// The one disk of the test binary.
inline fake_disk disk;

/// A write() through the disk (log_file::write_fn).
inline ssize_t disk_write(int fd, const void* data, size_t len) {
  if (disk.room == 0) {
    ++disk.failures;
    errno = disk.err;
    return -1;
  }
  auto n = ::write(fd, data, std::min(len, disk.room));
  if (n > 0)
    disk.room -= static_cast<size_t>(n);
  return n;
}

} // namespace hummel::test
