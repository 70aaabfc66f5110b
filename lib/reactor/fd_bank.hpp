#pragma once

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <vector>

/// Descriptors kept without a place in the descriptor table: each one sits
/// in a slot of an io_uring's fixed-file table (io_uring_register(2)),
/// which holds a reference to the open file, so the caller closes its own
/// descriptor afterwards. A slot is read through the ring (IORING_OP_READ
/// on the fixed file, RWF_NOWAIT: never blocks) and watched by a one-shot
/// IORING_OP_POLL_ADD (`arm`): when it fires, its ring's descriptor becomes
/// readable and `harvest` hands back the slot's tag. `release` cancels the
/// watch and drops the file.
///
/// Why: RLIMIT_NOFILE counts descriptors, not open files. A child takes
/// three in the reactor (two pipes and a pidfd); with a hard limit of
/// 20,000 and no CAP_SYS_RESOURCE to raise it, 6,600 children were all a
/// daemon could watch. A ring's table may hold as many files as the soft
/// limit and costs one descriptor, so the bank adds rings as they fill.
///
/// Where io_uring is missing or forbidden (old kernels, a seccomp filter,
/// kernel.io_uring_disabled), `reserve` says no and nothing is banked.
///
/// Thread safety: none; the reactor thread owns its bank.
namespace hummel::reactor {

class fd_bank {
public:
  /// `ring_capacity`: slots per ring; 0 = the soft RLIMIT_NOFILE when the
  /// ring is made (the most the kernel allows), at most 1 << 16.
  explicit fd_bank(size_t ring_capacity = 0, size_t max_rings = 64);
  ~fd_bank();
  fd_bank(const fd_bank&) = delete;
  fd_bank& operator=(const fd_bank&) = delete;

  /// True if `n` free slots exist or could be made (a new ring).
  bool reserve(size_t n);

  /// Takes the files of `fds` into free slots, written to `slots`; false
  /// (nothing taken) if there is no room or the kernel refuses. The
  /// caller still owns `fds` and closes them after a success.
  bool put(std::span<const int> fds, std::span<int> slots);

  /// read(2) of a banked file without blocking: bytes read, 0 at its end,
  /// or -errno (-EAGAIN when nothing is there).
  ssize_t read(int slot, void* buf, size_t len);

  /// Drops the slot's file (closing it if that was its last reference),
  /// cancelling its watch.
  void release(int slot);

  /// Watches the slot once: when its file is readable or hung up, `tag`
  /// comes out of `harvest`. Nothing if it is watched already. Sent to the
  /// kernel by the next `flush` (or read).
  void arm(int slot, uint64_t tag);

  /// Sends the watches armed since the last flush (a syscall per ring
  /// that has some).
  void flush();

  /// Appends the tags of the watches that fired (each fires once). Call
  /// it after `flush`, before waiting: a watch on a file that was readable
  /// already has fired as it was sent.
  void harvest(std::vector<uint64_t>& tags);

  /// The rings: each one's descriptor is readable while it has a
  /// completion to harvest (poll or epoll it).
  size_t rings() const noexcept;
  int ring_fd(size_t ring) const noexcept;

  /// Slots in use.
  size_t size() const noexcept;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace hummel::reactor
