#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>

/// Bounds on what clients may cost the daemon: buffered output (one budget
/// shared by every connection and stream of every server), connections
/// (in total and per client address), the time a request head may take,
/// and descriptors kept free for the daemon's own use.
///
/// Thread safety: `output_budget` is safe from any thread (a mutex guards
/// its counters). `client_limits` is a plain value.
namespace hummel::net {

/// The bytes queued for clients that have not read them yet, across all
/// connections. A connection asks before it queues stream output; past the
/// budget, a connection holding more than its fair share (the budget
/// divided by the connections holding any bytes, at least `min_share`) is
/// told to go. A connection holding nothing is always admitted. Replies
/// (non-stream output) are always charged, never refused, so one large answer
/// does not cut its own connection.
class output_budget {
public:
  /// A budget of `limit` bytes (at least 1).
  explicit output_budget(size_t limit);

  /// Returns whether a connection holding `held` bytes may queue `n` more.
  bool admits(size_t held, size_t n) const;

  /// Records `n` more bytes queued by a connection that held `held`.
  void charge(size_t held, size_t n);

  /// Records `n` bytes sent or dropped by a connection that held `held`
  /// (`n` is capped at `held`).
  void refund(size_t held, size_t n);

  /// Bytes queued now, across all connections.
  size_t used() const;

  /// The most bytes ever queued at once.
  size_t peak() const;

  /// The budget.
  size_t limit() const {
    return limit_;
  }

  /// Connections that hold queued bytes now.
  size_t holders() const;

  /// The smallest fair share, whatever the number of holders.
  static constexpr size_t min_share = 64u << 10;

private:
  const size_t limit_;
  mutable std::mutex mu_;
  size_t used_ = 0;
  size_t peak_ = 0;
  size_t holders_ = 0;
};

/// The limits a server applies to its clients.
struct client_limits {
  /// Shared by every server given the same pointer; null = a private one
  /// of `default_budget` bytes.
  std::shared_ptr<output_budget> budget;
  /// Queued output one connection may hold before it is cut.
  size_t max_unsent = 8u << 20;
  /// Open connections in all; more are refused (HTTP 503 with Retry-After,
  /// unix socket: one error line).
  size_t max_connections = 1024;
  /// Open connections from one client address (HTTP only; 0 = no limit).
  size_t max_per_address = 512;
  /// A request head (line and headers) must arrive within this time of its
  /// first byte (or of the connection's opening).
  std::chrono::seconds header_timeout{10};
  /// Descriptors left free below the limit (RLIMIT_NOFILE): a connection
  /// accepted above it is refused at once, so the daemon can still open
  /// pipes, log files and the CLI's connection.
  size_t fd_reserve = 64;

  /// The default shared budget (32 MiB).
  static constexpr size_t default_budget = 32u << 20;
};

/// Returns the budget of `limits`, creating a private one if it has none.
std::shared_ptr<output_budget> budget_of(client_limits& limits);

/// Returns whether the descriptor `fd` just opened lies within the last
/// `reserve` descriptors below the soft RLIMIT_NOFILE (descriptors are
/// allocated lowest first, so `fd` bounds how many are open).
bool in_fd_reserve(int fd, size_t reserve);

/// A descriptor held open so that, when accept fails for lack of
/// descriptors (EMFILE/ENFILE), one can be freed to accept the waiting
/// client and refuse it cleanly instead of leaving it in the backlog.
class spare_fd {
public:
  /// Opens /dev/null as the spare.
  spare_fd();
  ~spare_fd();
  spare_fd(const spare_fd&) = delete;
  spare_fd& operator=(const spare_fd&) = delete;

  /// Closes the spare, calls `accept_fd(listener)` (non-blocking), runs
  /// `refuse(fd)` on a client it got, closes it and opens the spare again.
  /// Returns whether a client was refused.
  template <class Refuse>
  bool refuse_one(int listener, Refuse&& refuse) {
    release();
    int fd = accept_now(listener);
    if (fd >= 0)
      refuse(fd);
    finish(fd);
    return fd >= 0;
  }

private:
  void release();
  static int accept_now(int listener);
  void finish(int fd);
  int fd_ = -1;
};

/// Returns freed heap memory to the system (jemalloc's purge where the
/// executable links jemalloc, glibc's `malloc_trim` otherwise), at most
/// once per `min_gap`; returns whether it trimmed.
bool trim_heap(std::chrono::milliseconds min_gap
               = std::chrono::milliseconds{500});

/// Notes that memory is being freed outside the servers' sight (an MCP
/// session ends: its actor goes after its connection), so that the HTTP
/// server's next trim (every 2 s) gives the pages back.
void heap_freed();

/// Whether heap_freed() was called since the last call; clears the note.
bool take_heap_freed();

/// When the HTTP server's periodic check trims the heap: at every check
/// that follows an event (connections closed, sessions ended) and at the
/// `followups` checks after it. Memory is freed after its event too (an
/// ended session's actor, its process-side follow state, the buffers of a
/// connection its peer closed late): 60 s runs with 100 followers left
/// 1.2 MB in the heap that a later trim gave back.
///
/// Thread safety: none; the server's timer owns it.
class trim_schedule {
public:
  explicit trim_schedule(int followups = 8) : followups_(followups) {
    // nop
  }

  /// One periodic check; `event`: something was freed since the last one.
  /// Returns whether to trim now.
  bool check(bool event) noexcept {
    if (event)
      left_ = followups_ + 1;
    if (left_ == 0)
      return false;
    --left_;
    return true;
  }

private:
  int followups_;
  int left_ = 0;
};

/// Writes all of `bytes` to the non-blocking `fd` if the socket buffer
/// takes it at once (best effort, for refusals); returns false otherwise.
bool write_now(int fd, std::string_view bytes);

} // namespace hummel::net
