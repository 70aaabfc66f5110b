#include "net/client_limits.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace hummel::net {

// -- output_budget ------------------------------------------------------------

output_budget::output_budget(size_t limit)
  : limit_(std::max<size_t>(limit, 1)) {
  // nop
}

bool output_budget::admits(size_t held, size_t n) const {
  if (held == 0)
    return true; // it reads what it is sent: never the one to cut
  std::lock_guard guard{mu_};
  if (used_ + n <= limit_)
    return true;
  auto share = std::max(limit_ / std::max<size_t>(holders_, 1), min_share);
  return held + n <= share;
}

void output_budget::charge(size_t held, size_t n) {
  if (n == 0)
    return;
  std::lock_guard guard{mu_};
  if (held == 0)
    ++holders_;
  used_ += n;
  peak_ = std::max(peak_, used_);
}

void output_budget::refund(size_t held, size_t n) {
  n = std::min(n, held);
  if (n == 0)
    return;
  std::lock_guard guard{mu_};
  used_ -= std::min(used_, n);
  if (held == n && holders_ > 0)
    --holders_;
}

size_t output_budget::used() const {
  std::lock_guard guard{mu_};
  return used_;
}

size_t output_budget::peak() const {
  std::lock_guard guard{mu_};
  return peak_;
}

size_t output_budget::holders() const {
  std::lock_guard guard{mu_};
  return holders_;
}

std::shared_ptr<output_budget> budget_of(client_limits& limits) {
  if (!limits.budget)
    limits.budget
      = std::make_shared<output_budget>(client_limits::default_budget);
  return limits.budget;
}

// -- descriptors --------------------------------------------------------------

bool in_fd_reserve(int fd, size_t reserve) {
  rlimit lim{};
  if (fd < 0 || reserve == 0 || ::getrlimit(RLIMIT_NOFILE, &lim) != 0
      || lim.rlim_cur == RLIM_INFINITY)
    return false;
  return static_cast<rlim_t>(fd) + reserve >= lim.rlim_cur;
}

spare_fd::spare_fd() {
  fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

spare_fd::~spare_fd() {
  release();
}

void spare_fd::release() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
}

int spare_fd::accept_now(int listener) {
  for (;;) {
    int fd
      = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0 || errno != EINTR)
      return fd;
  }
}

void spare_fd::finish(int fd) {
  if (fd >= 0) {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }
  fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

bool write_now(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto n
      = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// -- memory -------------------------------------------------------------------

namespace {

std::atomic<bool> freed_elsewhere{false};

} // namespace

// jemalloc's control call, when the executable links jemalloc (the daemon
// does, main/daemon/allocator.cpp); null otherwise.
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp,
                       void* newp, size_t newlen) __attribute__((weak));

void heap_freed() {
  freed_elsewhere.store(true, std::memory_order_relaxed);
}

bool take_heap_freed() {
  return freed_elsewhere.exchange(false, std::memory_order_relaxed);
}

bool trim_heap(std::chrono::milliseconds min_gap) {
  static std::atomic<int64_t> last{0};
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
               .count();
  auto before = last.load();
  if (before != 0 && now - before < min_gap.count())
    return false;
  if (!last.compare_exchange_strong(before, now))
    return false;
  if (mallctl != nullptr) {
    // Every arena's unused dirty pages go back now (4096 is
    // MALLCTL_ARENAS_ALL), not at the end of their decay time.
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
  } else {
    ::malloc_trim(0);
  }
  return true;
}

} // namespace hummel::net
