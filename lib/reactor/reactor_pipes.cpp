// A child's pipes in and out of the epoll set (paused for a slow consumer,
// put back after parking) and its descriptors in the descriptor table or
// in the bank (see fd_bank.hpp and options::bank_from_fd): the places
// where that difference shows — reading a pipe, closing, waiting for the
// leader — and the move itself.
//
// Thread safety: the reactor thread's, as the rest of the loop.
#include "reactor/reactor_impl.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#ifndef P_PIDFD
#  define P_PIDFD 3
#endif

namespace hummel::reactor {

bool reactor::impl::bank_child(child& c, int highest) {
  auto from = opts_.bank_from_fd;
  if (from < 0)
    from = fd_limit_ > 0
             ? static_cast<int>(std::min<uint64_t>(fd_limit_ / 4, INT_MAX))
             : INT_MAX;
  if (highest < from || !bank_.reserve(3))
    return false;
  for (; rings_in_epoll_ < bank_.rings(); ++rings_in_epoll_) {
    epoll_event ev{}; // readable: a watch fired
    ev.events = EPOLLIN;
    ev.data.u64 = bank_tag;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, bank_.ring_fd(rings_in_epoll_),
                    &ev)
        != 0)
      return false;
  }
  std::array<int, 3> fds{c.out_fd, c.err_fd, c.pidfd};
  std::array<int, 3> slots{};
  if (!bank_.put(fds, slots))
    return false;
  for (size_t k = 0; k < 2; ++k) {
    int size = ::fcntl(fds[k], F_GETPIPE_SZ);
    c.pipe_size[k] = size > 0 ? static_cast<size_t>(size) : 65536;
  }
  for (int fd : fds)
    ::close(fd); // the bank holds the files
  c.out_fd = slots[0];
  c.err_fd = slots[1];
  c.pidfd = slots[2];
  c.banked = true;
  for (uint64_t kind = 1; kind <= 3; ++kind)
    bank_.arm(slots[kind - 1], (c.key << 3) | kind);
  return true;
}

ssize_t reactor::impl::read_pipe(const child& c, int fd) {
  if (!c.banked)
    return ::read(fd, buf_.data(), buf_.size());
  auto n = bank_.read(fd, buf_.data(), buf_.size());
  if (n >= 0)
    return n;
  errno = static_cast<int>(-n);
  return -1;
}

void reactor::impl::close_handle(child& c, int& fd) {
  if (fd < 0)
    return;
  if (c.banked) {
    bank_.release(fd); // its last reference: epoll forgets it too
  } else {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
  }
  fd = -1;
}

void reactor::impl::rewatch(child& c, size_t k, bool drained) {
  auto tag = (c.key << 3) | (k + 1);
  if (!drained) // a burst cut short: the rest is there already
    ready_.push_back(tag);
  else if (!c.paused && !c.parked[k])
    bank_.arm(k == 0 ? c.out_fd : c.err_fd, tag);
}

void reactor::impl::read_ready() {
  if (ready_.empty())
    return;
  std::vector<uint64_t> tags;
  tags.swap(ready_);
  for (auto tag : tags)
    on_event(tag);
}

int reactor::impl::wait_leader(const child& c, siginfo_t& info, int flags) {
  // The leader is not reaped before this returns it, so its pid is ours.
  if (c.banked)
    return ::waitid(P_PID, static_cast<id_t>(c.pid), &info, flags);
  return ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(c.pidfd),
                  &info, flags);
}

void reactor::impl::unpark_due(time_point now) {
  for (auto* c : timed_children())
    for (size_t k = 0; k < 2; ++k) {
      if (!c->parked[k] || now < *c->parked[k])
        continue;
      c->parked[k].reset();
      int fd = k == 0 ? c->out_fd : c->err_fd;
      if (c->paused || fd < 0)
        continue; // unpausing adds it
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = (c->key << 3) | (k + 1);
      if (c->banked)
        ready_.push_back(ev.data.u64);
      else
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
    }
}

void reactor::impl::set_paused(child& c, bool paused) {
  c.paused = paused;
  int fds[] = {c.out_fd, c.err_fd};
  for (uint64_t kind = 1; kind <= 2; ++kind) {
    int fd = fds[kind - 1];
    if (fd < 0 || c.parked[kind - 1])
      continue;     // a parked pipe is out of the set already
    if (c.banked) { // still in the set, its events skipped while paused
      if (!paused)
        ready_.push_back((c.key << 3) | kind);
      continue;
    }
    if (paused) {
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = (c.key << 3) | kind;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }
}

void reactor::impl::apply_consumed(const consumed_cmd& cmd) {
  auto k = keys_.find(cmd.id);
  if (k == keys_.end())
    return;
  auto it = children_.find(k->second);
  if (it == children_.end())
    return;
  auto& c = *it->second;
  c.unconsumed -= std::min(c.unconsumed, cmd.bytes);
  if (c.paused && c.unconsumed <= opts_.max_unconsumed / 2)
    set_paused(c, false);
}

} // namespace hummel::reactor
